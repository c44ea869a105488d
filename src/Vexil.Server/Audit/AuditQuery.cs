namespace Vexil.Server.Audit;

/// <summary>Audit entries of one project (or all), newest first, before an id.</summary>
internal sealed record AuditQuery(string? Project, long? Before, int Limit);
