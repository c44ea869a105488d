using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

/// <summary>
/// What a request for an environment's permissions or change policy must be, checked the same way by their APIs and
/// by a flags file's <c>settings</c>: every problem at once, each under its path (<c>prefix</c> and the field).
/// </summary>
internal static class EnvironmentPermissionsRules
{
    /// <summary>The permissions asked for (a level left out is <c>write</c>), or null with errors.</summary>
    public static EnvironmentPermissions? Read(string prefix, EnvironmentPermissionsRequest body, ValidationErrors errors)
    {
        var editor = Level(body.Editor, prefix + "editor", errors);
        var administrator = Level(body.Administrator, prefix + "administrator", errors);
        if (administrator == AccessLevel.Read)
        {
            errors.Add(prefix + "administrator", "must be propose or write: someone must be able to change the environment");
        }
        else if (editor is { } e && administrator is { } a && e > a)
        {
            errors.Add(prefix + "editor", $"may not do more than administrators ({EnvironmentPermissions.Name(a)})");
        }

        return editor is { } ok && administrator is { } admin && admin != AccessLevel.Read && ok <= admin
            ? new EnvironmentPermissions(ok, admin)
            : null;
    }

    /// <summary>The change policy asked for, or null with errors.</summary>
    public static ChangePolicy? Read(string prefix, ChangePolicyRequest body, ValidationErrors errors)
    {
        var valid = true;
        if (body.RequiredApprovals is not { } approvals || approvals < 1 || approvals > ChangePolicy.MaxApprovals)
        {
            errors.Add(prefix + "requiredApprovals", $"must be a number from 1 to {ChangePolicy.MaxApprovals}");
            valid = false;
        }

        var roles = new List<Role>();
        if (body.ApproverRoles is null || body.ApproverRoles.Count == 0)
        {
            errors.Add(prefix + "approverRoles", "must name editor, administrator or both");
            valid = false;
        }
        else
        {
            for (var i = 0; i < body.ApproverRoles.Count; i++)
            {
                if (ChangePolicy.ParseRole(body.ApproverRoles[i]) is { } role)
                {
                    roles.Add(role);
                }
                else
                {
                    errors.Add($"{prefix}approverRoles[{i}]", "must be editor or administrator");
                    valid = false;
                }
            }
        }

        return valid ? new ChangePolicy(body.RequiredApprovals!.Value, [.. roles.Distinct().Order()], body.AllowSelfApproval ?? false) : null;
    }

    private static AccessLevel? Level(string? name, string path, ValidationErrors errors)
    {
        if (name is null)
        {
            return AccessLevel.Write;
        }

        var level = EnvironmentPermissions.Parse(name);
        if (level is null)
        {
            errors.Add(path, "must be read, propose or write");
        }

        return level;
    }
}
