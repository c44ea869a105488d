namespace Vexil.Server.Webhooks;

/// <summary>The body of a create or update: <c>url</c> and <c>events</c> required; <c>environment</c>, <c>description</c> and <c>name</c> and <c>enabled</c> optional (an update without a name or <c>enabled</c> keeps it; a new webhook is enabled unless it says <c>false</c>).</summary>
internal sealed record WebhookRequest(string? Url, string[]? Events, string? Environment, string? Description, string? Name = null, bool? Enabled = null);
