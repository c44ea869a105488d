namespace Vexil.Server.Storage;

/// <summary>Who writes, from which request, and why: recorded in the audit log with the change.</summary>
internal sealed record WriteContext(string Actor, string? RequestId, string? Comment)
{
    public static readonly WriteContext System = new("system", null, null);
}
