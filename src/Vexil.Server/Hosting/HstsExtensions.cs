using Vexil.Server.Hosting.Configuration;

namespace Vexil.Server.Hosting;

/// <summary>When a role listens on HTTPS, browsers are told to keep to it (<c>Strict-Transport-Security</c>).</summary>
internal static class HstsExtensions
{
    public static void UseVexilHsts(this WebApplication app, ListenAddress listen)
    {
        if (listen.Https)
        {
            app.UseHsts();
        }
    }
}
