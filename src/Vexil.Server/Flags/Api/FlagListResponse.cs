namespace Vexil.Server.Flags.Api;

/// <summary>One page of flags; pass <c>nextCursor</c> as <c>cursor</c> for the next.</summary>
internal sealed record FlagListResponse(IReadOnlyList<FlagResponse> Items, string? NextCursor);
