
namespace Vexil.Server.Audit.Api;

/// <summary>Audit entries, newest first; pass <c>nextBefore</c> as <c>before</c> for older ones.</summary>
internal sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long? NextBefore);
