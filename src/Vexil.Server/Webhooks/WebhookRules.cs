using Vexil.Events.Webhooks;

namespace Vexil.Server.Webhooks;

/// <summary>
/// What a subscription's fields must be, checked the same way for the API's create and update and for the webhooks of
/// a flags file: every problem at once, each under its path (the prefix and the field).
/// </summary>
internal static class WebhookRules
{
    public const int MaxNameLength = 100;

    /// <summary>Checks url, events, description and name; the destination policy judges the URL (names again when delivering).</summary>
    public static void Check(string prefix, string? url, IReadOnlyList<string?>? events, string? description, string? name, WebhookDestinationPolicy destinations, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add(prefix + "url", "is required");
        }
        else if (url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            errors.Add(prefix + "url", "must be an absolute http or https URL of at most 2048 characters, without credentials or fragment");
        }
        else if (destinations.RefusesUrl(uri, out var refused))
        {
            errors.Add(prefix + "url", refused); // names are judged again, by every address they resolve to, when delivering
        }

        if (events is null || events.Count == 0)
        {
            errors.Add(prefix + "events", $"must name one or more of {string.Join(", ", WebhookEventTypes.All)}, flag.*, segment.* or *");
        }

        for (var i = 0; events is not null && i < events.Count; i++)
        {
            if (events[i] is not { } pattern || !WebhookEventTypes.IsValidPattern(pattern))
            {
                errors.Add($"{prefix}events[{i}]", $"must be one of {string.Join(", ", WebhookEventTypes.All)}, flag.*, segment.* or *");
            }
        }

        if (description is { Length: > 500 })
        {
            errors.Add(prefix + "description", "must be at most 500 characters");
        }

        if (name is not null && !IsValidName(name))
        {
            errors.Add(prefix + "name", $"must be 1 to {MaxNameLength} letters, digits, '-', '_' or '.', starting with a letter or digit");
        }
    }

    /// <summary>A name: <c>[A-Za-z0-9][A-Za-z0-9._-]{0,99}</c>.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length is 0 or > MaxNameLength || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A signing secret given by an operator: the Standard Webhooks form, <c>whsec_</c> and base64 of 24 to 64 random
    /// bytes (what <c>openssl rand -base64 32</c> after the prefix gives).
    /// </summary>
    public static bool IsValidSecret(string secret)
    {
        if (!secret.StartsWith(StandardWebhookSignature.SecretPrefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return false;
        }

        Span<byte> key = stackalloc byte[150];
        return Convert.TryFromBase64Chars(secret.AsSpan(StandardWebhookSignature.SecretPrefix.Length), key, out var written) && written is >= 24 and <= 64;
    }
}
