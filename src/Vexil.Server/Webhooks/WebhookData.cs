namespace Vexil.Server.Webhooks;

/// <summary>
/// What an administrator sets on a subscription: receiver, event types, optional environment filter, description, and
/// its name (unique among the project's webhooks with the same environment filter; the subscription's id when none was
/// given; its identity in flags-as-code files), and whether it is <see cref="Enabled"/> (a disabled webhook keeps its
/// secret and settings but is given no deliveries).
/// </summary>
internal sealed record WebhookData(string Url, IReadOnlyList<string> Events, string? Environment, string? Description, string? Name = null, bool Enabled = true);
