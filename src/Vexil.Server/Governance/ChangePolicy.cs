using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

/// <summary>
/// An environment's change policy: a write that reaches the environment becomes a change request that needs
/// <see cref="RequiredApprovals"/> approvals from people or tokens with one of <see cref="ApproverRoles"/>; its author's
/// own approval counts only with <see cref="AllowSelfApproval"/>.
/// </summary>
internal sealed record ChangePolicy(int RequiredApprovals, IReadOnlyList<Role> ApproverRoles, bool AllowSelfApproval)
{
    /// <summary>What a change request needs when no environment it reaches has a policy (one opened by hand): one approval by an editor or administrator other than its author.</summary>
    public static readonly ChangePolicy Default = new(1, [Role.Editor, Role.Administrator], false);

    /// <summary>The most any reviewer may be asked for.</summary>
    public const int MaxApprovals = 10;

    /// <summary>The strictest of several policies: the most approvals, roles every policy allows, self-approval only if all allow it.</summary>
    public static ChangePolicy Strictest(IReadOnlyCollection<ChangePolicy> policies)
    {
        if (policies.Count == 0)
        {
            return Default;
        }

        var approvals = 0;
        var roles = new HashSet<Role>([Role.Editor, Role.Administrator]);
        var self = true;
        foreach (var policy in policies)
        {
            approvals = Math.Max(approvals, policy.RequiredApprovals);
            roles.IntersectWith(policy.ApproverRoles);
            self &= policy.AllowSelfApproval;
        }

        return new ChangePolicy(approvals, [.. roles.Order()], self);
    }

    /// <summary>The roles as stored and shown: <c>editor,administrator</c>.</summary>
    public string RolesText => string.Join(',', ApproverRoles.Select(RoleName));

    public static string RoleName(Role role) => role switch
    {
        Role.Viewer => "viewer",
        Role.Editor => "editor",
        _ => "administrator",
    };

    /// <summary>A role that may review (viewers never change anything, so they never approve a change).</summary>
    public static Role? ParseRole(string? name) => name switch
    {
        "editor" => Role.Editor,
        "administrator" => Role.Administrator,
        _ => null,
    };

    public static IReadOnlyList<Role> ParseRoles(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseRole).OfType<Role>()];
}
