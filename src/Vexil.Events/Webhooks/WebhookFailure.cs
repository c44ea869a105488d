namespace Vexil.Events.Webhooks;

/// <summary>
/// What the delivery log (which viewers read) says about an attempt that got no HTTP answer: a class of failure,
/// never the address, port or socket error, which would make the log a port scanner. The details go to the server log.
/// </summary>
public static class WebhookFailure
{
    /// <summary>The receiver's address is in a network webhooks may not reach (<see cref="WebhookOptions.AllowedNetworks"/>).</summary>
    public const string NotAllowed = "the receiver's address is not allowed (loopback, private, link-local and reserved networks are refused)";

    /// <summary>No connection: the name did not resolve, or the address refused or did not answer the connection.</summary>
    public const string ConnectionFailed = "could not connect to the receiver";

    /// <summary>The connection was made, but TLS failed (certificate, protocol).</summary>
    public const string TlsFailed = "the TLS handshake with the receiver failed";

    /// <summary>The answer was not HTTP, or the connection closed before one.</summary>
    public const string InvalidResponse = "the receiver's answer was not valid HTTP";

    /// <summary>Any other failure of the request.</summary>
    public const string RequestFailed = "the request to the receiver failed";

    /// <summary>The attempt took longer than <see cref="WebhookOptions.AttemptTimeout"/>.</summary>
    public static string TimedOut(TimeSpan timeout) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.###} s");
}
