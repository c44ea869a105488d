using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Vexil.Events.Webhooks;

/// <summary>
/// Which addresses a webhook may be sent to: public unicast only, unless an allowed network names the address.
/// Refused by default: loopback, private (RFC 1918, unique local), shared (CGNAT), link-local (with the cloud metadata
/// address 169.254.169.254), multicast, documentation, benchmarking and other reserved ranges; IPv4 reached through
/// IPv6 (mapped, NAT64, 6to4) is judged by its IPv4 address.
/// </summary>
internal sealed class WebhookDestinationPolicy
{
    private static readonly IPNetwork[] ReservedV4 =
    [
        Net("0.0.0.0/8"), Net("10.0.0.0/8"), Net("100.64.0.0/10"), Net("127.0.0.0/8"), Net("169.254.0.0/16"),
        Net("172.16.0.0/12"), Net("192.0.0.0/24"), Net("192.0.2.0/24"), Net("192.88.99.0/24"), Net("192.168.0.0/16"),
        Net("198.18.0.0/15"), Net("198.51.100.0/24"), Net("203.0.113.0/24"), Net("224.0.0.0/4"), Net("240.0.0.0/4"),
    ];

    private static readonly IPNetwork GlobalUnicastV6 = Net("2000::/3");
    private static readonly IPNetwork[] ReservedV6 = [Net("2001::/23"), Net("2001:db8::/32"), Net("3fff::/20")];
    private static readonly IPNetwork Nat64 = Net("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = Net("2002::/16");

    /// <summary>Host names that name loopback or a cloud metadata service, judged by that address before any lookup.</summary>
    private static readonly Dictionary<string, IPAddress> WellKnownNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["localhost"] = IPAddress.Loopback,
        ["metadata"] = IPAddress.Parse("169.254.169.254"),
        ["metadata.google.internal"] = IPAddress.Parse("169.254.169.254"),
        ["metadata.goog"] = IPAddress.Parse("169.254.169.254"),
        ["instance-data"] = IPAddress.Parse("169.254.169.254"),
        ["instance-data.ec2.internal"] = IPAddress.Parse("169.254.169.254"),
    };

    private readonly IPNetwork[] _allowed;

    /// <summary>A policy allowing <paramref name="allowedNetworks"/> on top of public addresses.</summary>
    public WebhookDestinationPolicy(IReadOnlyList<IPNetwork> allowedNetworks) => _allowed = [.. allowedNetworks];

    /// <summary>Public addresses only.</summary>
    public static WebhookDestinationPolicy Default { get; } = new([]);

    /// <summary>Reads <c>10.0.0.0/8</c>, <c>fd00::/8</c> or a single address (<c>127.0.0.1</c>: that address alone).</summary>
    public static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (IPNetwork.TryParse(text.Trim(), out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text.Trim(), out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    /// <summary>True when a webhook may connect to <paramref name="address"/>.</summary>
    public bool Allows(IPAddress address)
    {
        var v4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in _allowed)
        {
            if (network.Contains(address) || network.Contains(v4))
            {
                return true;
            }
        }

        return IsPublic(v4);
    }

    /// <summary>
    /// Why <paramref name="url"/> can never be delivered to: its host is an address, or a well-known name of loopback
    /// or a metadata service, that is not allowed. Names are otherwise judged when connecting (what they resolve to).
    /// </summary>
    public bool RefusesUrl(Uri url, [NotNullWhen(true)] out string? reason)
    {
        var host = url.IdnHost.TrimEnd('.');
        IPAddress? address = null;
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            address = IPAddress.Parse(host.Trim('[', ']'));
        }
        else if (WellKnownNames.TryGetValue(host, out var known))
        {
            address = known;
        }
        else if (host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback; // RFC 6761: every *.localhost name is loopback
        }

        reason = address is not null && !Allows(address)
            ? $"must not name a loopback, private, link-local or reserved address ({host}): webhooks are refused there unless the server allows the network"
            : null;
        return reason is not null;
    }

    private static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            foreach (var network in ReservedV4)
            {
                if (network.Contains(address))
                {
                    return false;
                }
            }

            return true;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        if (Nat64.Contains(address))
        {
            return IsPublic(new IPAddress(bytes[12..]));
        }

        if (SixToFour.Contains(address))
        {
            return IsPublic(new IPAddress(bytes[2..6]));
        }

        if (!GlobalUnicastV6.Contains(address))
        {
            return false; // ::, ::1, link-local, unique local, multicast, site-local, IPv4-compatible, discard
        }

        foreach (var network in ReservedV6)
        {
            if (network.Contains(address))
            {
                return false;
            }
        }

        return true;
    }

    private static IPNetwork Net(string text) => IPNetwork.Parse(text);
}
