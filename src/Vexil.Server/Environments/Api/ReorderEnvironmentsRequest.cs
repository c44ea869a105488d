namespace Vexil.Server.Environments.Api;

/// <summary>The project's environments in the order wanted: every key once.</summary>
internal sealed record ReorderEnvironmentsRequest(string[]? Keys);
