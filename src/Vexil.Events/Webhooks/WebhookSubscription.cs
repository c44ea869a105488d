namespace Vexil.Events.Webhooks;

/// <summary>A project's subscription: where to post, which events, and the secret deliveries are signed with.</summary>
/// <param name="Id">The subscription id.</param>
/// <param name="Project">The project whose events it receives.</param>
/// <param name="Url">The receiver's URL (http or https).</param>
/// <param name="Secret">The HMAC-SHA256 key for <c>Vexil-Signature</c>.</param>
/// <param name="Events">
/// The event types it wants: exact (<c>flag.toggled</c>), a family (<c>segment.*</c>) or everything (<c>*</c>); null or
/// empty means everything.
/// </param>
/// <param name="Environment">Only events of this environment; null for every environment.</param>
public sealed record WebhookSubscription(string Id, string Project, Uri Url, string Secret, IReadOnlyList<string>? Events = null, string? Environment = null)
{
    /// <summary>True when this subscription wants an event of <paramref name="eventType"/> in <paramref name="environment"/> (null: not tied to one).</summary>
    public bool Matches(string eventType, string? environment)
    {
        if (Environment is not null && !string.Equals(Environment, environment, StringComparison.Ordinal))
        {
            return false;
        }

        if (Events is null || Events.Count == 0)
        {
            return true;
        }

        foreach (var pattern in Events)
        {
            if (pattern == "*" || string.Equals(pattern, eventType, StringComparison.Ordinal) ||
                (pattern.EndsWith(".*", StringComparison.Ordinal) && eventType.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
