namespace Vexil.Server.Environments;

/// <summary>An environment as stored, with its current version.</summary>
internal sealed record EnvironmentState(long Id, long ProjectId, string ProjectKey, string Key, string Name, long Version, long Revision, DateTimeOffset CreatedAt)
{
    public string ETag => $"\"e{Revision}\"";
}
