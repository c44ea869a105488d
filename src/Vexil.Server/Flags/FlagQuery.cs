namespace Vexil.Server.Flags;

/// <summary>
/// A search over the flags of a project: by text (key or name), tag and state in one environment; keyset-paginated by
/// key. Archived flags are listed only when <see cref="Archived"/> is true, and then only they.
/// </summary>
internal sealed record FlagQuery(string? Text, string? Tag, string? Environment, bool? Enabled, string? After, int Limit, bool Archived = false);
