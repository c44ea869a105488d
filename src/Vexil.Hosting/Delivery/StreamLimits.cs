namespace Vexil.Hosting.Delivery;

/// <summary>Which limit refused a stream (the <c>vexil.stream.limit</c> attribute of <c>vexil.delivery.streams.refused</c>).</summary>
internal static class StreamLimits
{
    /// <summary><see cref="DeliveryOptions.MaxStreams"/>: the process holds as many streams as it may.</summary>
    public const string Process = "process";

    /// <summary><see cref="DeliveryOptions.MaxClientKeyStreams"/>: client keys hold all of their budget.</summary>
    public const string ClientKeys = "client_keys";

    /// <summary><see cref="DeliveryOptions.MaxStreamsPerClientKey"/>: this client key holds as many as one key may.</summary>
    public const string ClientKey = "client_key";
}
