namespace Vexil.Server.Webhooks;

/// <summary>A subscription as the API shows it; <c>secret</c> only in the answers to create and rotate, once; <c>enabled</c> false while it is turned off.</summary>
internal sealed record WebhookResponse(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    string? Environment,
    string? Description,
    string SecretHint,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Secret = null,
    string? Name = null,
    bool Enabled = true)
{
    public static WebhookResponse From(WebhookState s, string? secret = null) =>
        new(s.Id, s.Data.Url, s.Data.Events, s.Data.Environment, s.Data.Description, s.SecretHint, s.CreatedAt, s.UpdatedAt, secret, s.Data.Name, s.Data.Enabled);
}
