namespace Vexil.Server.Webhooks;

/// <summary>What an administrator sets on a subscription: receiver, event types, optional environment filter, description.</summary>
internal sealed record WebhookData(string Url, IReadOnlyList<string> Events, string? Environment, string? Description);
