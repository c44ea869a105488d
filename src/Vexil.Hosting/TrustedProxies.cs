using Microsoft.AspNetCore.HttpOverrides;

namespace Vexil.Hosting;

/// <summary>
/// <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c>, read only from the proxies named in <c>Vexil:TrustedProxies</c>
/// (addresses or networks), and from nobody when none are named. Behind a TLS-terminating balancer this makes the
/// request HTTPS (so the session cookie is <c>Secure</c> and HSTS is sent) and names the client's address (which the
/// sign-in throttle counts). Chains of trusted proxies are walked from the right; the first untrusted address is the
/// client. <c>X-Forwarded-Host</c> is never read.
/// </summary>
internal static class TrustedProxies
{
    /// <summary>Runs first, before HSTS and everything that reads the scheme or the client's address.</summary>
    public static void UseVexilForwardedHeaders(this WebApplication app, IReadOnlyList<System.Net.IPNetwork> networks)
    {
        if (networks.Count == 0)
        {
            return;
        }

        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = null,
            RequireHeaderSymmetry = false,
        };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear(); // not even loopback unless configured
        foreach (var network in networks)
        {
            forwarded.KnownIPNetworks.Add(network);
        }

        app.UseForwardedHeaders(forwarded);
    }
}
