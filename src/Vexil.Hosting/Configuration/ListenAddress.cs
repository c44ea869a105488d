using System.Globalization;

namespace Vexil.Hosting.Configuration;

/// <summary>
/// Where a role listens, by the conventions people type: <c>Vexil:Listen</c> when it is set; else ASP.NET Core's
/// <c>--urls</c> / <c>ASPNETCORE_URLS</c>; else <c>ASPNETCORE_HTTP_PORTS</c> / <c>ASPNETCORE_HTTPS_PORTS</c> (every
/// interface, as ASP.NET Core binds them); else the role's default (loopback).
/// </summary>
/// <param name="Value">One address, or several separated by <c>;</c> (as Kestrel's <c>urls</c>).</param>
/// <param name="Source">The setting it came from, as the user would type it (for messages).</param>
/// <param name="Unused">A convention that was set but lost to <c>Vexil:Listen</c>, with its value; else null.</param>
internal sealed record ListenAddress(string Value, string Source, string? Unused)
{
    /// <summary>The server's own setting, which wins over ASP.NET Core's conventions.</summary>
    public const string VexilListen = "Vexil:Listen";

    private const string UrlsSource = "--urls / ASPNETCORE_URLS";
    private const string PortsSource = "ASPNETCORE_HTTP_PORTS / ASPNETCORE_HTTPS_PORTS";

    /// <summary>Whether any of the addresses is HTTPS.</summary>
    public bool Https => Value.Contains("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Resolves the address from <paramref name="configuration"/>; refuses values that cannot be an address.</summary>
    public static ListenAddress Resolve(IConfiguration configuration, string roleDefault)
    {
        var urls = Setting(configuration, WebHostDefaults.ServerUrlsKey);
        var ports = Ports(configuration);
        var listen = Setting(configuration, VexilListen);
        if (listen is not null)
        {
            var unused = urls is not null ? $"{UrlsSource} ({urls})" : ports is not null ? $"{PortsSource} ({ports})" : null;
            return new ListenAddress(listen, VexilListen, unused);
        }

        if (urls is not null)
        {
            return new ListenAddress(CheckUrls(urls), UrlsSource, null);
        }

        return ports is not null ? new ListenAddress(ports, PortsSource, null) : new ListenAddress(roleDefault, "the default", null);
    }

    private static string? Setting(IConfiguration configuration, string key) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static string CheckUrls(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                throw new ConfigurationException($"{UrlsSource} is '{urls}': '{url}' is not an address; use http://HOST:PORT or https://HOST:PORT, several separated by ';'.");
            }
        }

        return urls;
    }

    /// <summary>ASP.NET Core's port conventions as Kestrel reads them: <c>http://*:PORT</c> and <c>https://*:PORT</c>.</summary>
    private static string? Ports(IConfiguration configuration)
    {
        List<string> addresses = [];
        AddPorts(addresses, configuration, WebHostDefaults.HttpPortsKey, "http");
        AddPorts(addresses, configuration, WebHostDefaults.HttpsPortsKey, "https");
        return addresses.Count == 0 ? null : string.Join(';', addresses);
    }

    private static void AddPorts(List<string> addresses, IConfiguration configuration, string key, string scheme)
    {
        if (Setting(configuration, key) is not { } ports)
        {
            return;
        }

        foreach (var port in ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                throw new ConfigurationException($"ASPNETCORE_{key.ToUpperInvariant()} is '{ports}': '{port}' is not a port (1-65535; several separated by ';').");
            }

            addresses.Add($"{scheme}://*:{number}");
        }
    }
}
