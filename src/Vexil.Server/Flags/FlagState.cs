namespace Vexil.Server.Flags;

/// <summary>A flag definition as stored.</summary>
internal sealed record FlagState(string ProjectKey, FlagDefinitionData Definition, long Revision, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string ETag => $"\"f{Revision}\"";
}
