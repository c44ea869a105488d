using Vexil.Server.Changes;

namespace Vexil.Server.Governance;

/// <summary>
/// A schedule as stored: a change set (<see cref="ChangesJson"/>) or an approved change request
/// (<see cref="ChangeRequestId"/>) to apply at <see cref="RunAt"/>, what to do if it was missed, and how it ended.
/// </summary>
internal sealed record ScheduledChangeState(
    long Id,
    long ProjectId,
    string ProjectKey,
    long? ChangeRequestId,
    string Title,
    string Author,
    string? ChangesJson,
    DateTimeOffset RunAt,
    string Missed,
    string Status,
    bool Late,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Flags,
    string? Detail,
    long Revision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DoneAt)
{
    public string ETag => $"\"s{Revision}\"";

    public IReadOnlyList<Change> Changes() => ChangesJson is null ? [] : ChangeJson.ReadStored(ChangesJson);
}
