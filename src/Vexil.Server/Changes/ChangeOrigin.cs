namespace Vexil.Server.Changes;

/// <summary>The write path a change set came through (recorded with its audit entries).</summary>
internal enum ChangeOrigin
{
    Api,
    Dashboard,
    Apply,
    Import,
}
