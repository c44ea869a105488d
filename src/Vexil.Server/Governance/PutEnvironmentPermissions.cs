using Vexil.Server.Changes;
using Vexil.Server.Environments;

namespace Vexil.Server.Governance;

/// <summary>Sets the environment's own permissions to <see cref="Permissions"/> (null: none, the default applies), as <c>PUT/DELETE …/permissions</c> does, when they differ.</summary>
internal sealed record PutEnvironmentPermissions(string Environment, EnvironmentPermissions? Permissions) : SettingChange(Environment)
{
    public override string Section => "permissions";

    public override string Key => Environment;

    public override async Task<ChangeResult> RecordAsync(ChangeWork work, EnvironmentState environment)
    {
        var before = await EnvironmentPermissionStore.ReadAsync(work.Scope, environment.Id, work.CancellationToken);
        if (before == Permissions)
        {
            return new ChangeResult(this, ChangeEffect.Unchanged, Permissions, []);
        }

        RequireAdministrator(work);
        await EnvironmentPermissionStore.WriteAsync(work.Scope, environment, before, Permissions, work.Context, work.CancellationToken);
        var effect = before is null ? ChangeEffect.Created : Permissions is null ? ChangeEffect.Deleted : ChangeEffect.Updated;
        var fields = new List<string>();
        if (effect == ChangeEffect.Updated && before!.Editor != Permissions!.Editor)
        {
            fields.Add("editor");
        }

        if (effect == ChangeEffect.Updated && before!.Administrator != Permissions!.Administrator)
        {
            fields.Add("administrator");
        }

        return new ChangeResult(this, effect, Permissions ?? before, fields);
    }
}
