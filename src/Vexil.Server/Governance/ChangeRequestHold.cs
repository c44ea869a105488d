using Vexil.Server.Changes;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

/// <summary>
/// Decides from the environments a change set reaches: a writer whose role may only read there is refused; a writer
/// who only proposes there, or an environment with a change policy, holds the set — nothing is written, the set
/// becomes a change request (<see cref="WriteStatus.Held"/>, answered 202 with its location).
/// </summary>
internal sealed class ChangeRequestHold(Database database) : IChangeHold
{
    public async Task<string?> RefusedAsync(ChangeWork work)
    {
        var role = work.Context.Role;
        if (role is null)
        {
            return null;
        }

        var refused = new List<string>();
        foreach (var environment in work.Touched)
        {
            var permissions = await EnvironmentPermissionStore.ForEnvironmentAsync(work.Scope, environment.Environment.Id, work.CancellationToken);
            if (permissions.LevelOf(role) == AccessLevel.Read)
            {
                refused.Add($"'{environment.Environment.Key}'");
            }
        }

        return refused.Count == 0
            ? null
            : $"{Plural(ChangePolicy.RoleName(role.Value))} may only read {string.Join(", ", refused)} in project '{work.Project.Key}': nothing was changed.";
    }

    public async Task<string?> HeldByAsync(ChangeWork work)
    {
        var proposeOnly = new List<string>();
        var governed = new List<string>();
        foreach (var environment in work.Touched)
        {
            var permissions = await EnvironmentPermissionStore.ForEnvironmentAsync(work.Scope, environment.Environment.Id, work.CancellationToken);
            if (permissions.LevelOf(work.Context.Role) == AccessLevel.Propose)
            {
                proposeOnly.Add($"'{environment.Environment.Key}'");
            }
            else if ((await ChangePolicyStore.ForEnvironmentsAsync(work.Scope, [environment.Environment.Id], work.CancellationToken)).Count > 0)
            {
                governed.Add($"'{environment.Environment.Key}'");
            }
        }

        if (proposeOnly.Count == 0 && governed.Count == 0)
        {
            return null;
        }

        var reasons = new List<string>();
        if (proposeOnly.Count > 0)
        {
            reasons.Add($"{Plural(ChangePolicy.RoleName(work.Context.Role!.Value))} only propose changes to {string.Join(", ", proposeOnly)}");
        }

        if (governed.Count > 0)
        {
            reasons.Add($"{string.Join(", ", governed)} {(governed.Count == 1 ? "has a change policy" : "have change policies")}");
        }

        return $"This change reaches environments where it needs review ({string.Join("; ", reasons)}): nothing was changed, it waits for review as a change request.";
    }

    public async Task<WriteResult<ChangeOutcome>> HoldAsync(ChangeSet set, WriteResult<ChangeOutcome> proposal, string detail, CancellationToken cancellationToken)
    {
        var created = await ChangeRequestStore.CreateAsync(database, set, proposal, title: null, description: set.Context.Comment, cancellationToken);
        return created.Status != WriteStatus.Ok
            ? created.As<ChangeOutcome>()
            : WriteResult<ChangeOutcome>.Held(ChangeRequestResponse.From(created.Value!, []), ChangeRequestResponse.Location(created.Value!), detail);
    }

    private static string Plural(string role) => char.ToUpperInvariant(role[0]) + role[1..] + "s";
}
