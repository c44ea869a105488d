using Vexil.Events.Webhooks;
using Vexil.Server.Webhooks;

namespace Vexil.Server.FlagsAsCode;

/// <summary>
/// The checks of a read flags file that need the server: each webhook's fields against the webhook rules and the
/// destination policy, and its secret. Every problem at once, with its path; nothing is written when there is one.
/// </summary>
internal static class FlagsFileChecks
{
    public static ValidationErrors Check(FlagsFile file, WebhookDestinationPolicy destinations)
    {
        var errors = new ValidationErrors();
        for (var i = 0; file.Webhooks is { } webhooks && i < webhooks.Count; i++)
        {
            var webhook = webhooks[i];
            var prefix = $"webhooks[{i}].";
            WebhookRules.Check(prefix, webhook.Url, webhook.Events, webhook.Description, webhook.Name ?? string.Empty, destinations, errors);
            if (webhook.SecretFromEnv is not null)
            {
                errors.Add(prefix + "secretFromEnv", "names an environment variable of the machine that runs 'vexil apply', which sends its value as 'secret': send 'secret' to the API instead");
            }

            if (webhook.Secret is { } secret && !WebhookRules.IsValidSecret(secret))
            {
                errors.Add(prefix + "secret", $"must be a Standard Webhooks secret: '{StandardWebhookSignature.SecretPrefix}' and the base64 of 24 to 64 random bytes");
            }
        }

        return errors;
    }
}
