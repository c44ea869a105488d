using Vexil.Server.Changes;
using Vexil.Server.Environments;

namespace Vexil.Server.Governance;

/// <summary>Sets the environment's change policy to <see cref="Policy"/> (null: none), as <c>PUT/DELETE …/policy</c> does, when it differs.</summary>
internal sealed record PutChangePolicy(string Environment, ChangePolicy? Policy) : SettingChange(Environment)
{
    public override string Section => "changePolicy";

    public override string Key => Environment;

    public override async Task<ChangeResult> RecordAsync(ChangeWork work, EnvironmentState environment)
    {
        var before = await ChangePolicyStore.ReadAsync(work.Scope, environment.Id, work.CancellationToken);
        var fields = Differences(before, Policy);
        if (fields.Count == 0)
        {
            return new ChangeResult(this, ChangeEffect.Unchanged, Policy, []);
        }

        RequireAdministrator(work);
        await ChangePolicyStore.WriteAsync(work.Scope, environment, before, Policy, work.Context, work.CancellationToken);
        var effect = before is null ? ChangeEffect.Created : Policy is null ? ChangeEffect.Deleted : ChangeEffect.Updated;
        return new ChangeResult(this, effect, Policy ?? before, effect == ChangeEffect.Updated ? fields : []);
    }

    private static List<string> Differences(ChangePolicy? before, ChangePolicy? after)
    {
        if (before is null || after is null)
        {
            return before is null && after is null ? [] : ["changePolicy"];
        }

        var fields = new List<string>();
        if (before.RequiredApprovals != after.RequiredApprovals)
        {
            fields.Add("requiredApprovals");
        }

        if (!before.ApproverRoles.Order().SequenceEqual(after.ApproverRoles.Order()))
        {
            fields.Add("approverRoles");
        }

        if (before.AllowSelfApproval != after.AllowSelfApproval)
        {
            fields.Add("allowSelfApproval");
        }

        return fields;
    }
}
