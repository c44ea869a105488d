using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vexil.Core.Evaluation;
using Vexil.Delivery.Following;
using Vexil.Delivery.Persistence;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Delivery;
using Vexil.Sdk.Diagnostics;
using Vexil.Sdk.Events;
using Vexil.Sdk.Snapshots;
using Vexil.Sdk.Status;

namespace Vexil.Sdk;

/// <summary>
/// Evaluates Vexil flags locally against an immutable snapshot of the environment's rules, which a background loop
/// keeps current (streaming, polling, a file, or test data). Evaluation never throws, never blocks on the network and
/// never allocates. Create one per environment and process, and share it: it is thread-safe.
/// </summary>
public sealed partial class VexilClient : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan FinalFlushTimeout = TimeSpan.FromSeconds(2);

    private readonly VexilOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SdkMetrics _metrics;
    private readonly EvaluationTelemetry _telemetry;
    private readonly RulesetStore _store;
    private readonly DeliveryHttp? _http;
    private readonly EventPipeline? _events;
    private readonly RulesetFollower? _follower;
    private readonly LastKnownGoodFile? _cache;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _updates = Task.CompletedTask;
    private readonly Task _eventLoop = Task.CompletedTask;
    private int _disposed;

    /// <summary>Creates a client and starts keeping its rules current.</summary>
    /// <param name="options">The configuration (copied; validated here).</param>
    /// <param name="loggerFactory">Where to log, or null.</param>
    /// <param name="meterFactory">Where to create the <c>Vexil.Sdk</c> meter, or null for a private one.</param>
    /// <param name="timeProvider">The clock, or null for the system clock.</param>
    /// <exception cref="ArgumentException">The options are not valid, or the offline file does not compile.</exception>
    public VexilClient(VexilOptions options, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid Vexil options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options with { };
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<VexilClient>();
        _time = timeProvider ?? TimeProvider.System;
        var buffer = new SummaryBuffer(_options.MaxBufferedSummaries);
        _metrics = new SdkMetrics(meterFactory, () => _store!.Current.Version, () => buffer.Count);
        _telemetry = new EvaluationTelemetry(_metrics.Evaluations, _logger, _options.EvaluationEvents);
        var sendEvents = _options.SendEvents && _options.UsesServer;
        _store = new RulesetStore(_time, _logger, _metrics);
        _store.FlagsChanged += (_, e) => FlagsChanged?.Invoke(this, e);
        _store.StatusChanged += (_, e) => StatusChanged?.Invoke(this, e);

        if (_options.TestData is { } data)
        {
            _store.Replace(data.Current.Ruleset!, fromServer: false, source: "test data");
            data.Changed += OnTestDataChanged;
            return;
        }

        if (_options.OfflineFilePath is { } file)
        {
            var update = CompiledUpdate.FromJson(File.ReadAllBytes(file));
            if (!update.IsValid)
            {
                throw new ArgumentException($"The offline file '{file}' is not a valid ruleset: {update.Error}", nameof(options));
            }

            _store.Replace(update.Ruleset!, fromServer: false, source: "offline file");
            return;
        }

        if (_options.CacheFilePath is { } path)
        {
            // The last-known-good file: each update is saved there before it is served (Vexil.Delivery).
            _cache = new LastKnownGoodFile(path, LastKnownGoodOptions.Default, _time, _logger);
            if (_cache.Load(out _) is { } cached)
            {
                _store.LoadCached(cached.Ruleset);
            }
        }

        _http = new DeliveryHttp(_options);
        var token = _stopping.Token;
        var follow = new FollowerOptions
        {
            BaseAddress = _options.BaseAddress!,
            Key = _options.SdkKey,
            Mode = _options.Mode == DataSourceMode.Polling ? FollowerMode.Polling : FollowerMode.Streaming,
            IdleTimeout = _options.HeartbeatTimeout,
            InitialDelay = _options.InitialReconnectDelay,
            MaxDelay = _options.MaxReconnectDelay,
            RequestTimeout = _options.RequestTimeout,
            StreamFailuresBeforePolling = _options.StreamFailuresBeforePolling,
            PollInterval = _options.PollInterval,
            StreamRetryInterval = _options.StreamRetryInterval,
        };
        var target = new SdkFollowerTarget(_store, _options.Mode, _logger, _metrics);
        _follower = new RulesetFollower(_http.Client, follow, target, _cache, _time, _logger);
        _updates = Task.Run(() => GuardAsync(_follower.RunAsync, token));

        if (sendEvents)
        {
            _events = new EventPipeline(_store, buffer, _http, _options, _time, _logger, _metrics);
            _store.OnRetired = _events.Retire;
            _eventLoop = Task.Run(() => GuardAsync(_events.RunAsync, token));
        }
    }

    /// <summary>Raised (on a background thread) when flags may evaluate differently: a new ruleset or change was applied.</summary>
    public event EventHandler<FlagsChangedEventArgs>? FlagsChanged;

    /// <summary>Raised (on a background thread) when <see cref="Status"/> changes state.</summary>
    public event EventHandler<StatusChangedEventArgs>? StatusChanged;

    /// <summary>The state of the rules, their version and when they were last updated.</summary>
    public VexilStatus Status
    {
        get
        {
            var status = _store.Status;
            var version = _store.Current.Version;
            return status.Version == version ? status : status with { Version = version };
        }
    }

    /// <summary>The rules being served: an immutable snapshot (a later update replaces it, never changes it).</summary>
    public CompiledRuleset Ruleset => _store.Current.Ruleset;

    internal RulesetStore Store => _store;

    internal EventPipeline? Events => _events;

    /// <summary>The follower of the server's rules (streaming or polling); null with test data or an offline file.</summary>
    internal RulesetFollower? Streaming => _follower;

    /// <summary>
    /// Waits until the first rules arrive from the source. True when they did; false on timeout or when the source
    /// refused the key. Evaluation works before and after either way (with cached rules, or the caller's defaults).
    /// </summary>
    public async Task<bool> WaitForInitializationAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var initialized = _store.Initialized;
        if (initialized.IsCompleted)
        {
            return await initialized.ConfigureAwait(false);
        }

        try
        {
            return await initialized.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Stops updating, sends the last evaluation summaries (bounded to a couple of seconds) and releases resources.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_updates, _eventLoop).ConfigureAwait(false);
        if (_events is not null)
        {
            using var flush = new CancellationTokenSource(FinalFlushTimeout, _time);
            _events.CloseWindow();
            try
            {
                await _events.SendAsync(flush.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Best effort: the summaries still buffered are lost with the process.
            }
        }

        if (_options.TestData is { } data)
        {
            data.Changed -= OnTestDataChanged;
        }

        _store.MarkOffline("disposed");
        if (_cache is not null)
        {
            await _cache.DisposeAsync().ConfigureAwait(false); // folds the journal of changes into the file
        }

        _http?.Dispose();
        _metrics.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Same as <see cref="DisposeAsync"/>, blocking.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void OnTestDataChanged(CompiledUpdate update) => _store.Replace(update.Ruleset!, fromServer: false, source: "test data");

    private async Task GuardAsync(Func<CancellationToken, Task> loop, CancellationToken cancellationToken)
    {
        try
        {
            await loop(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            _logger.LoopFailed(e);
            _store.MarkOffline(e.Message);
        }
    }
}
