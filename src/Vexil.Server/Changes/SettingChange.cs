using Vexil.Server.Environments;
using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>
/// A change to one environment's settings — a webhook, the change policy, the permissions, a client key's origins —
/// defined by the feature that owns the setting (the recorder knows none of them: the data path imports no feature).
/// Settings are not what the environment serves, so a setting change gives the environment no new version and no
/// change-log row; it writes its rows, its audit record and its webhook event itself, in the set's transaction
/// (<see cref="ChangeWork.Scope"/>): a flags file's flags, segments and settings are one write, all or nothing, and a
/// dry run rolls all of them back. Changing a setting is an administrator's act, as on the settings' own endpoints.
/// </summary>
internal abstract record SettingChange(string Environment) : Change
{
    /// <summary>The setting's section in a flags file and in the apply result (<c>webhooks</c>, <c>changePolicy</c>, …).</summary>
    public abstract string Section { get; }

    /// <summary>The setting's key in its section (a webhook's or client key's name; the environment for the others).</summary>
    public abstract string Key { get; }

    /// <summary>Writes the setting in the set's transaction when it differs (then checking the writer may); <see cref="ChangeEffect.Unchanged"/> writes nothing.</summary>
    public abstract Task<ChangeResult> RecordAsync(ChangeWork work, EnvironmentState environment);

    /// <summary>Refuses the change set unless the writer is an administrator (or Vexil itself): nothing is written.</summary>
    protected void RequireAdministrator(ChangeWork work)
    {
        if (work.Context.Role is { } role && role != Role.Administrator)
        {
            throw new ChangeRefusedException(
                WriteStatus.Forbidden,
                $"Changing an environment's settings ({Section}{(Key.Length > 0 && Key != Environment ? $" '{Key}'" : string.Empty)} in '{Environment}') is an administrator's act: nothing was changed.");
        }
    }
}
