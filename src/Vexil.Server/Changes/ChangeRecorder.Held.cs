using Vexil.Server.Governance;
using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

internal sealed partial class ChangeRecorder
{
    /// <summary>Why the set must be reviewed (the environments it changes that have a change policy), or null.</summary>
    private static async Task<string?> HeldByAsync(ChangeWork work)
    {
        var held = new List<string>();
        foreach (var environment in work.Touched)
        {
            if ((await ChangePolicyStore.ForEnvironmentsAsync(work.Scope, [environment.Environment.Id], work.CancellationToken)).Count > 0)
            {
                held.Add($"'{environment.Environment.Key}'");
            }
        }

        return held.Count == 0 ? null : $"This change reaches {string.Join(", ", held)}, which {(held.Count == 1 ? "has a change policy" : "have change policies")}: nothing was changed, it waits for review as a change request.";
    }

    /// <summary>Opens a change request for a held set: proposed (checked, validated, its bases read), then stored.</summary>
    private async Task<WriteResult<ChangeOutcome>> HoldAsync(ChangeSet set, string detail, CancellationToken cancellationToken)
    {
        var proposal = await ProposeAsync(set, cancellationToken);
        if (proposal.Status != WriteStatus.Ok)
        {
            return proposal;
        }

        var created = await ChangeRequestStore.CreateAsync(database, set, proposal, title: null, description: set.Context.Comment, cancellationToken);
        return created.Status != WriteStatus.Ok
            ? created.As<ChangeOutcome>()
            : WriteResult<ChangeOutcome>.Held(ChangeRequestResponse.From(created.Value!, []), ChangeRequestResponse.Location(created.Value!), detail);
    }
}
