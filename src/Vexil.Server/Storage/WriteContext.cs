namespace Vexil.Server.Storage;

/// <summary>
/// Who writes, from which request, and why: recorded in the audit log with the change. <see cref="Role"/> is the
/// writer's role when a person or an API token writes (the environments' permissions decide what it may do there);
/// null for Vexil itself (a schedule running, a command on the server's machine).
/// </summary>
internal sealed record WriteContext(string Actor, string? RequestId, string? Comment, Role? Role = null)
{
    public static readonly WriteContext System = new("system", null, null);
}
