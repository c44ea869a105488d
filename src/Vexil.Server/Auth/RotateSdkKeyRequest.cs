namespace Vexil.Server.Auth;

/// <summary>Adds an SDK key of a kind; existing keys of that kind keep working for the overlap, then expire.</summary>
internal sealed record RotateSdkKeyRequest(string? Kind, int? OverlapSeconds);
