
namespace Vexil.Server.Audit.Api;

/// <summary>Audit entries, newest first; pass <see cref="NextBefore"/> as <c>before</c> for older ones.</summary>
internal sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long? NextBefore);
