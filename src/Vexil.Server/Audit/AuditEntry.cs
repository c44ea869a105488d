using System.Text.Json;

namespace Vexil.Server.Audit;

/// <summary>One recorded mutation: who, when, what (before, after and the structured difference), from which request, and why.</summary>
internal sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? Project,
    string? Environment,
    string Resource,
    JsonElement? Before,
    JsonElement? After,
    string? RequestId,
    string? Comment,
    IReadOnlyList<AuditChange>? Changes = null);
