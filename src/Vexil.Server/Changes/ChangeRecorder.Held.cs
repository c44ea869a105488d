using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

internal sealed partial class ChangeRecorder
{
    /// <summary>Why the writer may neither make nor propose the set, or null (always null without a hold).</summary>
    private Task<string?> RefusedAsync(ChangeWork work) => hold is null ? Task.FromResult<string?>(null) : hold.RefusedAsync(work);

    /// <summary>Why the set must be reviewed, or null (always null without a hold: nothing is governed).</summary>
    private Task<string?> HeldByAsync(ChangeWork work) => hold is null ? Task.FromResult<string?>(null) : hold.HeldByAsync(work);

    /// <summary>Proposes a held set (checked, validated, its bases read) and gives it to the hold.</summary>
    private async Task<WriteResult<ChangeOutcome>> HoldAsync(ChangeSet set, string detail, CancellationToken cancellationToken)
    {
        var proposal = await ProposeAsync(set, cancellationToken);
        return proposal.Status != WriteStatus.Ok || hold is null ? proposal : await hold.HoldAsync(set, proposal, detail, cancellationToken);
    }
}
