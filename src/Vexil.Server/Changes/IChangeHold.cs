using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>
/// Whether a change set may be written, must wait for review, and what to do with it then. The recorder asks,
/// Governance answers (environment permissions, change policies, change requests), so the data path knows no policy
/// and imports nothing from Governance.
/// </summary>
internal interface IChangeHold
{
    /// <summary>Why the writer may neither make nor propose the set (an environment it reaches lets the writer only read), or null.</summary>
    Task<string?> RefusedAsync(ChangeWork work);

    /// <summary>Why the set must be reviewed (the environments it changes that have a change policy, or where the writer only proposes), or null.</summary>
    Task<string?> HeldByAsync(ChangeWork work);

    /// <summary>Keeps a held set for review (its proposal made by the recorder): the answer of the held write.</summary>
    Task<WriteResult<ChangeOutcome>> HoldAsync(ChangeSet set, WriteResult<ChangeOutcome> proposal, string detail, CancellationToken cancellationToken);
}
