using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Vexil.Flagd;

namespace Vexil.Edge.Serve;

/// <summary>
/// Loads the flag files at start and again whenever they change: a <see cref="FileSystemWatcher"/> on each file's
/// folder, debounced, and a periodic check of each file's size and time in case a notification was missed. A load
/// whose files fail to read, parse or validate is rejected with every problem logged, and the last good ruleset stays
/// in service; each successful load (of content that differs from the one served) takes the next version.
/// </summary>
internal sealed partial class FlagFileWatcher(FlagFileRuleset ruleset, IOptions<ServeOptions> options, TimeProvider time, ILogger<FlagFileWatcher> logger) : BackgroundService
{
    private readonly ServeOptions _options = options.Value;
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly List<FileSystemWatcher> _watchers = [];
    private (long Length, DateTime Written)[] _stamps = [];
    private byte[]? _lastAttempt;
    private long _version;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Watch();
        TryLoad();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var notified = await WaitAsync(stoppingToken);
            if (notified)
            {
                await Task.Delay(_options.ReloadDebounce, time, stoppingToken);
                _changes.Reader.TryRead(out _);
            }

            if (notified || !_stamps.AsSpan().SequenceEqual(Stamps()))
            {
                TryLoad();
            }
        }
    }

    private Dictionary<string, Vexil.Core.Context.ContextValue> StaticContext()
    {
        var context = new Dictionary<string, Vexil.Core.Context.ContextValue>(StringComparer.Ordinal);
        foreach (var (name, value) in _options.StaticContext)
        {
            context[name] = Vexil.Core.Context.ContextValue.Of(value);
        }

        return context;
    }

    public override void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        base.Dispose();
    }

    /// <summary>Reads and compiles every file; publishes the result when it is valid and differs from the last attempt.</summary>
    internal void TryLoad()
    {
        _stamps = Stamps();
        var documents = new List<ReadOnlyMemory<byte>>(_options.FlagsFiles.Count);
        try
        {
            foreach (var file in _options.FlagsFiles)
            {
                documents.Add(File.ReadAllBytes(file));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(logger, e.Message);
            _lastAttempt = null;
            return;
        }

        var fingerprint = Fingerprint(documents);
        if (_lastAttempt is not null && fingerprint.AsSpan().SequenceEqual(_lastAttempt))
        {
            return;
        }

        _lastAttempt = fingerprint;
        var result = FlagdCompiler.Compile(documents, new FlagdCompileOptions { TimeProvider = time, Environment = FlagFileRuleset.Scope, Version = _version + 1, StaticContext = StaticContext() });
        if (!result.Succeeded)
        {
            var problems = result.Errors.Select(e => string.IsNullOrEmpty(e.Path) ? e.Message : $"{e.Path}: {e.Message}")
                .Select(p => ReplaceDocumentIndex(p));
            var list = string.Join(Environment.NewLine + "  ", problems);
            if (_version == 0)
            {
                LogRejectedAtStart(logger, result.Errors.Count, list);
            }
            else
            {
                LogRejected(logger, _version, result.Errors.Count, list);
            }

            return;
        }

        _version++;
        ruleset.Publish(result.Ruleset!);
        LogLoaded(logger, _options.FlagsFiles.Count, result.Ruleset!.Flags.Count, _version);
    }

    private string ReplaceDocumentIndex(string problem)
    {
        // "documents[i]..." names the file instead, which is what an operator needs.
        for (var i = 0; i < _options.FlagsFiles.Count; i++)
        {
            var prefix = $"documents[{i}]";
            if (problem.StartsWith(prefix, StringComparison.Ordinal))
            {
                return $"{_options.FlagsFiles[i]}:{problem[prefix.Length..].TrimStart('.')}";
            }
        }

        return problem;
    }

    private async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(_options.PollInterval);
        try
        {
            return await _changes.Reader.WaitToReadAsync(poll.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Watch()
    {
        foreach (var file in _options.FlagsFiles)
        {
            var path = Path.GetFullPath(file);
            var folder = Path.GetDirectoryName(path);
            if (folder is null || !Directory.Exists(folder))
            {
                continue;
            }

            var watcher = new FileSystemWatcher(folder, Path.GetFileName(path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
            };
            watcher.Changed += (_, _) => _changes.Writer.TryWrite(true);
            watcher.Created += (_, _) => _changes.Writer.TryWrite(true);
            watcher.Renamed += (_, _) => _changes.Writer.TryWrite(true);
            watcher.Deleted += (_, _) => _changes.Writer.TryWrite(true);
            try
            {
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (IOException e)
            {
                // Out of inotify instances or watches, say: the periodic check still notices every change, only later.
                watcher.Dispose();
                LogWatchFailed(logger, folder, _options.PollInterval.TotalSeconds, e.Message);
            }
        }
    }

    private (long Length, DateTime Written)[] Stamps()
    {
        var stamps = new (long, DateTime)[_options.FlagsFiles.Count];
        for (var i = 0; i < stamps.Length; i++)
        {
            var info = new FileInfo(_options.FlagsFiles[i]);
            stamps[i] = info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1, default);
        }

        return stamps;
    }

    private static byte[] Fingerprint(List<ReadOnlyMemory<byte>> documents)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[sizeof(int)];
        foreach (var document in documents)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, document.Length);
            hash.AppendData(length);
            hash.AppendData(document.Span);
        }

        return hash.GetHashAndReset();
    }
}
