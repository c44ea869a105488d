using System.Net;
using System.Net.Sockets;

namespace Vexil.Events.Webhooks;

/// <summary>
/// The dispatcher's connections: the receiver's host is resolved here and every address it resolves to is checked
/// against the <see cref="WebhookDestinationPolicy"/> before any is connected to, so a name that resolves (or is made
/// to resolve) to an internal address is refused like the address itself. No proxy, no redirects.
/// </summary>
internal static class WebhookConnector
{
    public static SocketsHttpHandler CreateHandler(WebhookDestinationPolicy policy, TimeSpan connectTimeout) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = connectTimeout,
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context.DnsEndPoint, cancellationToken),
    };

    public static async ValueTask<Stream> ConnectAsync(WebhookDestinationPolicy policy, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        foreach (var address in addresses)
        {
            if (!policy.Allows(address))
            {
                throw new WebhookDestinationDeniedException(host, address);
            }
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
