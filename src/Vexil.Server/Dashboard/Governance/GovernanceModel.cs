using Vexil.Server.Governance;

namespace Vexil.Server.Dashboard.Governance;

/// <summary>An environment's change policy and permissions (null: none of its own), and the refused form as typed.</summary>
internal sealed record GovernanceModel(ChangePolicy? Policy, EnvironmentPermissions? Permissions, bool Saved, IReadOnlyList<string> Errors)
{
    public IFormCollection? Posted { get; init; }

    /// <summary>What the refused form of <paramref name="form"/> (<c>policy</c> or <c>permissions</c>) held in <paramref name="field"/>.</summary>
    public IReadOnlyList<string>? Typed(string form, string field) =>
        Posted is { } f && f["form"] == form ? [.. f[field].Select(v => v ?? string.Empty)] : null;
}
