using System.Text.Json;

namespace Vexil.Server.Segments.Api;

/// <summary>A segment of one environment; on update the key comes from the route and, when given, must match.</summary>
internal sealed record SegmentRequest(
    string? Key,
    string? Description,
    string[]? Included,
    string[]? Excluded,
    JsonElement? Rules,
    JsonElement? IncludedContexts = null,
    JsonElement? ExcludedContexts = null,
    string? Salt = null);
