namespace Vexil.Server.Flags;

/// <summary>A flag of a project as stored: its spec, its revision (the ETag of the spec) and when it changed.</summary>
internal sealed record FlagState(string ProjectKey, FlagSpec Spec, long Revision, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ArchivedAt = null)
{
    public string ETag => $"\"f{Revision}\"";

    public bool Archived => ArchivedAt is not null;
}
