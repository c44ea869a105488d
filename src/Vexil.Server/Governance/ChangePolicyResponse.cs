namespace Vexil.Server.Governance;

/// <summary>An environment's change policy on the wire.</summary>
internal sealed record ChangePolicyResponse(string Environment, int RequiredApprovals, IReadOnlyList<string> ApproverRoles, bool AllowSelfApproval)
{
    public static ChangePolicyResponse From(string environment, ChangePolicy policy) =>
        new(environment, policy.RequiredApprovals, [.. policy.ApproverRoles.Select(ChangePolicy.RoleName)], policy.AllowSelfApproval);
}
