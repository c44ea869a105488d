namespace Vexil.Sdk.Configuration;

/// <summary>
/// What of <see cref="VexilOptions"/> configuration can set (everything but the handler and test data), bound by the
/// configuration binder's source generator; a setting absent from configuration keeps the option's default.
/// </summary>
internal sealed class VexilSettings
{
    public string? SdkKey { get; set; }

    public Uri? BaseAddress { get; set; }

    public DataSourceMode? Mode { get; set; }

    public TimeSpan? PollInterval { get; set; }

    public TimeSpan? HeartbeatTimeout { get; set; }

    public TimeSpan? InitialReconnectDelay { get; set; }

    public TimeSpan? MaxReconnectDelay { get; set; }

    public int? StreamFailuresBeforePolling { get; set; }

    public TimeSpan? StreamRetryInterval { get; set; }

    public TimeSpan? RequestTimeout { get; set; }

    public string? CacheFilePath { get; set; }

    public string? OfflineFilePath { get; set; }

    public bool? SendEvents { get; set; }

    public TimeSpan? EventsFlushInterval { get; set; }

    public int? MaxBufferedSummaries { get; set; }

    public int? MaxSummariesPerBatch { get; set; }

    /// <summary>Copies every setting that configuration gave onto <paramref name="options"/>.</summary>
    public void ApplyTo(VexilOptions options)
    {
        options.SdkKey = SdkKey ?? options.SdkKey;
        options.BaseAddress = BaseAddress ?? options.BaseAddress;
        options.Mode = Mode ?? options.Mode;
        options.PollInterval = PollInterval ?? options.PollInterval;
        options.HeartbeatTimeout = HeartbeatTimeout ?? options.HeartbeatTimeout;
        options.InitialReconnectDelay = InitialReconnectDelay ?? options.InitialReconnectDelay;
        options.MaxReconnectDelay = MaxReconnectDelay ?? options.MaxReconnectDelay;
        options.StreamFailuresBeforePolling = StreamFailuresBeforePolling ?? options.StreamFailuresBeforePolling;
        options.StreamRetryInterval = StreamRetryInterval ?? options.StreamRetryInterval;
        options.RequestTimeout = RequestTimeout ?? options.RequestTimeout;
        options.CacheFilePath = CacheFilePath ?? options.CacheFilePath;
        options.OfflineFilePath = OfflineFilePath ?? options.OfflineFilePath;
        options.SendEvents = SendEvents ?? options.SendEvents;
        options.EventsFlushInterval = EventsFlushInterval ?? options.EventsFlushInterval;
        options.MaxBufferedSummaries = MaxBufferedSummaries ?? options.MaxBufferedSummaries;
        options.MaxSummariesPerBatch = MaxSummariesPerBatch ?? options.MaxSummariesPerBatch;
    }
}
