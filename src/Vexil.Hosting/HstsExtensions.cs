using Vexil.Hosting.Configuration;

namespace Vexil.Hosting;

/// <summary>
/// When a role listens on HTTPS, or behind trusted proxies that may terminate TLS, browsers are told to keep to it
/// (<c>Strict-Transport-Security</c>, sent only on requests that are HTTPS, directly or as a trusted proxy says).
/// </summary>
internal static class HstsExtensions
{
    public static void UseVexilHsts(this WebApplication app, ListenAddress listen, bool behindTrustedProxies = false)
    {
        if (behindTrustedProxies || listen.Https)
        {
            app.UseHsts();
        }
    }
}
