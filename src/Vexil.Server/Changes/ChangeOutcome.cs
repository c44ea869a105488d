using Vexil.Server.Audit;

namespace Vexil.Server.Changes;

/// <summary>
/// What a recorded change set did, change by change, in order; the audit records it wrote (before and after of every
/// object, the readable difference); and, for a proposal, the state each object was read at before it (its bases).
/// </summary>
internal sealed record ChangeOutcome(IReadOnlyList<ChangeResult> Results, IReadOnlyList<AuditRecord> Records, IReadOnlyList<ChangeBase> Bases)
{
    /// <summary>The state the <paramref name="index"/>th change left.</summary>
    public T State<T>(int index = 0) => (T)Results[index].State!;
}
