using System.Text.Json;

namespace Vexil.Server.Governance.Api;

/// <summary>
/// POST …/schedules (a time, what to do if every replica was down then, and either changes or an approved change
/// request) and PATCH …/schedules/{id} (any of title, runAt, missed, changes).
/// </summary>
internal sealed record ScheduleRequest(string? Title, DateTimeOffset? RunAt, string? Missed, JsonElement? Changes, long? ChangeRequest);
