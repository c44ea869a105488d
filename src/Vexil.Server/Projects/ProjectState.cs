namespace Vexil.Server.Projects;

/// <summary>A project as stored.</summary>
internal sealed record ProjectState(long Id, string Key, string Name, long Revision, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Position = 0, DateTimeOffset? ArchivedAt = null)
{
    /// <summary>True when the project is archived (listed apart, refusing changes that name it, its SDK keys still serving).</summary>
    public bool Archived => ArchivedAt is not null;

    public string ETag => $"\"p{Revision}\"";
}
