namespace Vexil.Server.Webhooks;

/// <summary>A webhook as a flags file left it, and the secret Vexil made for it when it was created without one (shown this once).</summary>
internal sealed record AppliedWebhook(WebhookState State, string? NewSecret);
