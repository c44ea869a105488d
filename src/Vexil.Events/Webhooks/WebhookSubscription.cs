namespace Vexil.Events.Webhooks;

/// <summary>A project's subscription: where to post, and the secret deliveries are signed with.</summary>
/// <param name="Id">The subscription id.</param>
/// <param name="Project">The project whose events it receives.</param>
/// <param name="Url">The receiver's URL (http or https).</param>
/// <param name="Secret">The HMAC-SHA256 key for <c>Vexil-Signature</c>.</param>
public sealed record WebhookSubscription(string Id, string Project, Uri Url, string Secret);
