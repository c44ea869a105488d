namespace Vexil.Server.Auth;

/// <summary>What a person or token may do: viewers read, editors also change flags, segments, projects and environments, administrators also manage accounts, tokens and SDK keys.</summary>
internal enum Role
{
    Viewer = 1,
    Editor = 2,
    Administrator = 3,
}
