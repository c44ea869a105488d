using System.Text.Json;

namespace Vexil.Server.Governance.Api;

/// <summary>A schedule on the wire.</summary>
internal sealed record ScheduleResponse(
    long Id,
    string Project,
    string Title,
    string Author,
    long? ChangeRequest,
    JsonElement? Changes,
    DateTimeOffset RunAt,
    string Missed,
    string Status,
    bool Late,
    string? Detail,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Flags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DoneAt)
{
    public static ScheduleResponse From(ScheduledChangeState s) => new(
        s.Id, s.ProjectKey, s.Title, s.Author, s.ChangeRequestId, s.ChangesJson is null ? null : Parse(s.ChangesJson), s.RunAt, s.Missed, s.Status, s.Late, s.Detail, s.Environments, s.Flags, s.CreatedAt, s.UpdatedAt, s.DoneAt);

    public static string Location(ScheduledChangeState s) => $"/api/v1/projects/{s.ProjectKey}/schedules/{s.Id}";

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
