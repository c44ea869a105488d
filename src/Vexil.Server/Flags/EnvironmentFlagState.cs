namespace Vexil.Server.Flags;

/// <summary>A flag as one environment sees it: the shared definition and that environment's configuration.</summary>
internal sealed record EnvironmentFlagState(
    string ProjectKey,
    string EnvironmentKey,
    FlagDefinitionData Definition,
    long DefinitionRevision,
    FlagConfigData Config,
    long ConfigRevision,
    long Version)
{
    public string ETag => $"\"c{DefinitionRevision}.{ConfigRevision}\"";
}
