using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Vexil.Hosting.Observability;

/// <summary>
/// Decides who gets <c>/metrics</c> (<see cref="MetricsOptions"/>): with a scrape token, whoever presents it (compared
/// in fixed time); without one, whoever reaches the metrics listener; nobody on the API's listener. The metrics
/// listener is recognised by the local port a request arrived on, which the client cannot choose (unlike <c>Host</c>).
/// </summary>
internal sealed partial class MetricsAccess
{
    private readonly int? _port;
    private readonly byte[]? _tokenHash;

    public MetricsAccess(IOptions<MetricsOptions> options)
    {
        _port = MetricsListener.PortOf(options.Value.Listen);
        _tokenHash = string.IsNullOrEmpty(options.Value.Token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.Token));
    }

    public enum Verdict
    {
        Allowed,
        Unauthorized,
        NotServedHere,
    }

    /// <summary>True when metrics are reachable at all (a listener or a token is configured).</summary>
    public bool Exposed => _port is not null || _tokenHash is not null;

    /// <summary>True when the request came in on the metrics listener.</summary>
    public bool OnMetricsListener(HttpContext context) => _port is { } port && context.Connection.LocalPort == port;

    public Verdict Check(HttpContext context)
    {
        if (_tokenHash is { } expected)
        {
            string? header = context.Request.Headers.Authorization;
            var presented = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
            return presented is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expected)
                ? Verdict.Allowed
                : Verdict.Unauthorized;
        }

        return OnMetricsListener(context) ? Verdict.Allowed : Verdict.NotServedHere;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics are not served: set Vexil:Metrics:Listen (a listener of their own) or Vexil:Metrics:TokenFile (a scrape token)")]
    public static partial void LogNotExposed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics: /metrics, /health/live and /health/ready on {Listen}")]
    public static partial void LogListener(ILogger logger, string listen);
}
