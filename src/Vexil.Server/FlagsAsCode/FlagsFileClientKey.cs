namespace Vexil.Server.FlagsAsCode;

/// <summary>A client key of the environment, by name, and the browser origins it may be used from (never the key itself).</summary>
internal sealed record FlagsFileClientKey(string Name, IReadOnlyList<string> AllowedOrigins);
