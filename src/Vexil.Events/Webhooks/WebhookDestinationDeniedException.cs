using System.Net;

namespace Vexil.Events.Webhooks;

/// <summary>A webhook receiver's host resolved to an address outside the networks webhooks may reach.</summary>
internal sealed class WebhookDestinationDeniedException(string host, IPAddress address)
    : Exception($"the webhook receiver '{host}' resolves to {address}, which is not in a network webhooks may reach (add it to the allowed networks to permit it)")
{
    public string Host { get; } = host;

    public IPAddress Address { get; } = address;
}
