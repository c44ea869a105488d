namespace Vexil.Server.Projects;

/// <summary>A project as stored.</summary>
internal sealed record ProjectState(long Id, string Key, string Name, long Revision, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string ETag => $"\"p{Revision}\"";
}
