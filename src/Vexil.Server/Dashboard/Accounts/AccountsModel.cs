using Vexil.Server.Audit;
using Vexil.Server.Auth;

namespace Vexil.Server.Dashboard.Accounts;

/// <summary>The accounts page: every account, their recent activity, the signed-in administrator, a notice (a reset or invitation link, shown once), errors and the refused form.</summary>
internal sealed record AccountsModel(IReadOnlyList<AccountState> Accounts, string Me, string? Notice, string? Link, IReadOnlyList<string> Errors)
{
    /// <summary>The refused new-account form, shown again as typed (never its password).</summary>
    public IFormCollection? Posted { get; init; }

    /// <summary>The latest account activity (accounts created, roles changed, disabled, enabled, deleted, sign-ins), newest first.</summary>
    public IReadOnlyList<AuditEntry> Activity { get; init; } = [];

    public string? Typed(string field) => Posted?[field].ToString();
}
