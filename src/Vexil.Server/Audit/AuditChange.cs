namespace Vexil.Server.Audit;

/// <summary>One path whose value changed (JSON text): null before means added, null after means removed.</summary>
internal sealed record AuditChange(string Path, string? Before, string? After);
