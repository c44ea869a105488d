using Vexil.Server.Changes;
using Vexil.Server.Environments;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>
/// Sets the browser origins of the environment's client key named <see cref="Name"/> — the current key and any being
/// rotated out, so a rotation never narrows what browsers may do — as <c>PUT …/sdk-keys/{id}</c> does, when they differ.
/// Keys are never created here (nor their secrets shown): a name no active client key has is refused.
/// </summary>
internal sealed record PutClientKeyOrigins(string Environment, string Name, IReadOnlyList<string> Origins) : SettingChange(Environment)
{
    public override string Section => "clientKeys";

    public override string Key => Name;

    public override async Task<ChangeResult> RecordAsync(ChangeWork work, EnvironmentState environment)
    {
        var keys = await AuthStore.ActiveClientKeysNamedAsync(work.Scope, environment.Id, Name, work.CancellationToken);
        if (keys.Count == 0)
        {
            throw new ChangeRefusedException(
                WriteStatus.Invalid,
                $"no active client key of environment '{environment.Key}' is named '{Name}': create it first (POST …/sdk-keys); a flags file sets the origins of keys, never the keys",
                Path + ".name");
        }

        var changed = false;
        foreach (var key in keys)
        {
            if (key.AllowedOrigins.SequenceEqual(Origins, StringComparer.Ordinal))
            {
                continue;
            }

            if (!changed)
            {
                RequireAdministrator(work);
                changed = true;
            }

            await AuthStore.SetOriginsAsync(work.Scope, key, Origins, work.Context, work.CancellationToken);
        }

        return new ChangeResult(this, changed ? ChangeEffect.Updated : ChangeEffect.Unchanged, Origins, changed ? ["allowedOrigins"] : []);
    }
}
