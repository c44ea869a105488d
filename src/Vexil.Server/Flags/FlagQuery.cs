namespace Vexil.Server.Flags;

/// <summary>A search over the flags of a project: by text (key or name), tag and state in one environment; keyset-paginated by key.</summary>
internal sealed record FlagQuery(string? Text, string? Tag, string? Environment, bool? Enabled, string? After, int Limit);
