namespace Vexil.Server.Flags;

/// <summary>One page of flag definitions and the cursor of the next page, if any.</summary>
internal sealed record FlagPage(IReadOnlyList<FlagState> Items, string? NextCursor);
