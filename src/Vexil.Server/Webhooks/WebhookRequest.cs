namespace Vexil.Server.Webhooks;

/// <summary>The body of a create or update: <c>url</c> and <c>events</c> required; <c>environment</c> and <c>description</c> optional.</summary>
internal sealed record WebhookRequest(string? Url, string[]? Events, string? Environment, string? Description);
