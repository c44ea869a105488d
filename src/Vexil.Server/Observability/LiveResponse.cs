namespace Vexil.Server.Observability;

/// <summary>The body of <c>/health/live</c> (a named type: the request delegate generator that trimming uses cannot take anonymous types).</summary>
internal sealed record LiveResponse(string Status);
