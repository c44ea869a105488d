namespace Vexil.Server.Auth.SignIn;

/// <summary>
/// The address a request came from, as the throttle keys it: the connection's peer, which the forwarded-headers
/// middleware replaces with <c>X-Forwarded-For</c>'s client only when the peer is a configured trusted proxy.
/// </summary>
internal static class ClientAddress
{
    /// <summary>The peer's address (IPv4-mapped IPv6 as IPv4); null when unknown (in-process test hosts).</summary>
    public static string? Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return null;
        }

        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}
