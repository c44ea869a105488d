using Vexil.Server.Auth;
using Vexil.Server.Environments;
using Vexil.Server.Governance;
using Vexil.Server.Webhooks;

namespace Vexil.Server.FlagsAsCode;

/// <summary>
/// The webhooks and settings sections of an environment's export. Never a secret: webhooks without theirs, client keys
/// only by name with their origins — and those only for administrators (who alone may list keys); for anyone else
/// the <c>clientKeys</c> part is left out, which apply reads as "leave alone".
/// </summary>
internal static class ExportSettings
{
    public static async Task<(IReadOnlyList<FlagsFileWebhook> Webhooks, FlagsFileSettings Settings)> ReadAsync(
        EnvironmentState environment, bool administrator, WebhookStore webhooks, ChangePolicyStore policies, EnvironmentPermissionStore permissions, AuthStore auth, CancellationToken cancellationToken)
    {
        var hooks = (await webhooks.ListWebhooksAsync(environment.ProjectKey, cancellationToken))
            .Where(w => w.Data.Environment == environment.Key)
            .OrderBy(w => w.Data.Name, StringComparer.Ordinal)
            .Select(w => new FlagsFileWebhook(w.Data.Name, w.Data.Url, [.. w.Data.Events], w.Data.Description, null, null, w.Data.Enabled))
            .ToList();
        IReadOnlyList<FlagsFileClientKey>? keys = null;
        if (administrator)
        {
            keys = [.. (await auth.ListSdkKeysAsync(environment.Id, cancellationToken))
                .Where(k => k.Kind == SdkKeyKind.Client && k.RevokedAt is null && k.ExpiresAt is null)
                .OrderBy(k => k.Name, StringComparer.Ordinal)
                .Select(k => new FlagsFileClientKey(k.Name, k.AllowedOrigins))];
        }

        var settings = new FlagsFileSettings(
            HasChangePolicy: true,
            await policies.GetAsync(environment.Id, cancellationToken),
            HasPermissions: true,
            await permissions.GetAsync(environment.Id, cancellationToken),
            keys);
        return (hooks, settings);
    }
}
