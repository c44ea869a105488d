using Vexil.Sdk.Testing;

namespace Vexil.Sdk.Configuration;

/// <summary>
/// The configuration of a <see cref="VexilClient"/>. Validated when the client is created (and at host start when
/// registered with <c>AddVexil</c>). Exactly one source of rules applies: <see cref="TestData"/> when set, else
/// <see cref="OfflineFilePath"/> when set, else the server at <see cref="BaseAddress"/>.
/// </summary>
public sealed record VexilOptions
{
    /// <summary>The environment's server SDK key (<c>vx_srv_…</c>).</summary>
    public string SdkKey { get; set; } = string.Empty;

    /// <summary>The control plane's or an edge's base address, e.g. <c>https://flags.example.com/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Streaming (the default) or polling.</summary>
    public DataSourceMode Mode { get; set; } = DataSourceMode.Streaming;

    /// <summary>How often to poll when polling (configured, or after falling back from streaming).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A stream that sends no byte for this long is dead (twice the server's 15 s heartbeat).</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first reconnection delay; each failure doubles it, with jitter, up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap of the reconnection delay.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive answered stream attempts delivering nothing after which the client polls instead for a while.</summary>
    public int StreamFailuresBeforePolling { get; set; } = 3;

    /// <summary>After falling back to polling, how long to poll before trying the stream again.</summary>
    public TimeSpan StreamRetryInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The timeout of one ruleset request or of opening a stream.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A last-known-good file: written after every update, read at start so an outage does not leave defaults.</summary>
    public string? CacheFilePath { get; set; }

    /// <summary>A ruleset file (the native format) to evaluate with no server at all.</summary>
    public string? OfflineFilePath { get; set; }

    /// <summary>In-memory flags for unit tests; no server, no files.</summary>
    public VexilTestData? TestData { get; set; }

    /// <summary>Whether evaluation summaries are sent to <c>/events/v1/bulk</c>.</summary>
    public bool SendEvents { get; set; } = true;

    /// <summary>
    /// One <c>feature_flag.evaluation</c> event per evaluation (OpenTelemetry's feature-flag semantic conventions): a
    /// log record, and a span event on the current activity. Off by default: it costs an allocation per evaluation.
    /// </summary>
    public bool EvaluationEvents { get; set; }

    /// <summary>The length of one summary window.</summary>
    public TimeSpan EventsFlushInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The most summaries held while the events endpoint is slow or failing; the oldest are dropped first.</summary>
    public int MaxBufferedSummaries { get; set; } = 10_000;

    /// <summary>The most items the events endpoint accepts in one batch.</summary>
    public const int MaxBatchItems = 10_000;

    /// <summary>The most summaries in one request (the body must stay under 1 MiB, and at most <see cref="MaxBatchItems"/>).</summary>
    public int MaxSummariesPerBatch { get; set; } = 1_000;

    /// <summary>The handler behind the client's HTTP requests (proxies, certificates); null uses a default one.</summary>
    public HttpMessageHandler? HttpMessageHandler { get; set; }

    /// <summary>True when the client talks to a server (neither test data nor an offline file).</summary>
    internal bool UsesServer => TestData is null && OfflineFilePath is null;

    /// <summary>Every problem with this configuration; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (UsesServer)
        {
            if (string.IsNullOrWhiteSpace(SdkKey))
            {
                errors.Add("SdkKey is required.");
            }

            if (BaseAddress is null || !BaseAddress.IsAbsoluteUri || (BaseAddress.Scheme != Uri.UriSchemeHttp && BaseAddress.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add("BaseAddress must be an absolute http or https address.");
            }
        }

        Positive(errors, PollInterval, nameof(PollInterval));
        Positive(errors, HeartbeatTimeout, nameof(HeartbeatTimeout));
        Positive(errors, InitialReconnectDelay, nameof(InitialReconnectDelay));
        Positive(errors, RequestTimeout, nameof(RequestTimeout));
        Positive(errors, StreamRetryInterval, nameof(StreamRetryInterval));
        Positive(errors, EventsFlushInterval, nameof(EventsFlushInterval));
        if (MaxReconnectDelay < InitialReconnectDelay)
        {
            errors.Add("MaxReconnectDelay must be at least InitialReconnectDelay.");
        }

        if (StreamFailuresBeforePolling < 1)
        {
            errors.Add("StreamFailuresBeforePolling must be at least 1.");
        }

        if (MaxBufferedSummaries < 1 || MaxSummariesPerBatch < 1)
        {
            errors.Add("MaxBufferedSummaries and MaxSummariesPerBatch must be at least 1.");
        }

        if (MaxSummariesPerBatch > MaxBatchItems)
        {
            errors.Add($"MaxSummariesPerBatch must be at most {MaxBatchItems} (the events endpoint's limit).");
        }

        if (OfflineFilePath is not null && !File.Exists(OfflineFilePath))
        {
            errors.Add($"OfflineFilePath '{OfflineFilePath}' does not exist.");
        }

        return errors;
    }

    private static void Positive(List<string> errors, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be positive.");
        }
    }
}
