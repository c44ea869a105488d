using System.Text.Json;

namespace Vexil.Server.Environments;

/// <summary>
/// One change at one environment version: a flag or segment written (with its new native object) or deleted, and the
/// W3C traceparent of the write that recorded it when that write was traced.
/// </summary>
internal sealed record ChangeEntry(long Version, string Kind, string Key, string Operation, JsonElement? Payload, DateTimeOffset At, string? TraceParent = null);
