namespace Vexil.Server.Webhooks;

/// <summary>A webhook subscription as stored: the signing secret only encrypted (<see cref="WebhookSecretProtector"/>).</summary>
internal sealed record WebhookState(
    string Id,
    string ProjectKey,
    WebhookData Data,
    string SecretCipher,
    string SecretHint,
    long Revision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public string ETag => $"\"w{Revision}\"";
}
