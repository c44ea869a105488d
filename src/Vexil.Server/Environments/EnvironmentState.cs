namespace Vexil.Server.Environments;

/// <summary>An environment as stored, with its current version.</summary>
internal sealed record EnvironmentState(long Id, long ProjectId, string ProjectKey, string Key, string Name, long Version, long Revision, DateTimeOffset CreatedAt, int Position = 0, DateTimeOffset? ArchivedAt = null)
{
    /// <summary>True when the environment is archived (kept, out of the dashboard's lists, refusing changes that name it).</summary>
    public bool Archived => ArchivedAt is not null;

    public string ETag => $"\"e{Revision}\"";
}
