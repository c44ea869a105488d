using Vexil.Server.Changes;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

/// <summary>
/// Holds the change sets that reach an environment with a change policy: nothing is written, the set becomes a
/// change request (<see cref="WriteStatus.Held"/>, answered 202 with its location).
/// </summary>
internal sealed class ChangeRequestHold(Database database) : IChangeHold
{
    public async Task<string?> HeldByAsync(ChangeWork work)
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

    public async Task<WriteResult<ChangeOutcome>> HoldAsync(ChangeSet set, WriteResult<ChangeOutcome> proposal, string detail, CancellationToken cancellationToken)
    {
        var created = await ChangeRequestStore.CreateAsync(database, set, proposal, title: null, description: set.Context.Comment, cancellationToken);
        return created.Status != WriteStatus.Ok
            ? created.As<ChangeOutcome>()
            : WriteResult<ChangeOutcome>.Held(ChangeRequestResponse.From(created.Value!, []), ChangeRequestResponse.Location(created.Value!), detail);
    }
}
