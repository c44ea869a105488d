namespace Vexil.Server.Governance;

/// <summary>PUT …/environments/{e}/policy: how many approvals, by which roles, and whether authors may approve their own changes.</summary>
internal sealed record ChangePolicyRequest(int? RequiredApprovals, IReadOnlyList<string>? ApproverRoles, bool? AllowSelfApproval);
