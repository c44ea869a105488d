using Vexil.Server.Changes;

namespace Vexil.Server.Governance;

/// <summary>
/// A change request as stored: the change set (<see cref="ChangesJson"/>, <see cref="ChangeJson"/>), the bases it was
/// proposed against, the readable difference of its dry run, who proposed it, and where it is.
/// </summary>
internal sealed record ChangeRequestState(
    long Id,
    long ProjectId,
    string ProjectKey,
    string Title,
    string? Description,
    string Author,
    string Origin,
    string Status,
    string ChangesJson,
    string BasesJson,
    string DiffJson,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Flags,
    long Revision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? AppliedAt,
    string? AppliedBy)
{
    public string ETag => $"\"cr{Revision}\"";

    public IReadOnlyList<Change> Changes() => ChangeJson.ReadStored(ChangesJson);

    public IReadOnlyList<ChangeBase> Bases() => ChangeRequestJson.ReadBases(BasesJson);
}
