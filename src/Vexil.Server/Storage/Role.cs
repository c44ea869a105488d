namespace Vexil.Server.Storage;

/// <summary>
/// What a person or token may do: viewers read, editors also change flags, segments, projects and environments,
/// administrators also manage accounts, tokens and SDK keys. An environment's permissions (Governance) may narrow
/// what editors and administrators do there: write, only propose changes, or only read.
/// </summary>
internal enum Role
{
    Viewer = 1,
    Editor = 2,
    Administrator = 3,
}
