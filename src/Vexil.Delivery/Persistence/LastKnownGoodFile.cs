using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vexil.Core.Evaluation;
using Vexil.Core.Serialization;
using Vexil.Delivery.Following;

namespace Vexil.Delivery.Persistence;

/// <summary>
/// The last-known-good ruleset on disk: a document in the native format (<see cref="Path"/>, replaced atomically: a
/// temporary file flushed to disk, then renamed) and a journal of the changes applied since (<see cref="JournalPath"/>,
/// appended and flushed to disk). Saving a change appends it — the cost of the change, not of the ruleset — so it can
/// come before the change is published without delaying it; the document is rewritten at the latest version in the
/// background, once changes stop for <see cref="LastKnownGoodOptions.CompactAfterQuiet"/> or the journal grows large,
/// and when the file is disposed. A crash at any point leaves the last version saved readable by <see cref="Load"/>.
/// Files are created 0600.
/// </summary>
public sealed partial class LastKnownGoodFile : ILastKnownGood, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LastKnownGoodOptions _options;
    private readonly ILogger _logger;
    private readonly ITimer _quiet;
    private CompiledRuleset? _latest;
    private long _documentVersion = -1;
    private long _documentBytes;
    private long _journalBytes;
    private int _compacting;
    private int _disposed;

    /// <summary>Creates the file's handle; nothing is read or written yet.</summary>
    /// <param name="path">The document's path; the journal is beside it, with <c>.changes</c> appended.</param>
    /// <param name="options">When the journal is folded into the document, or null for the defaults.</param>
    /// <param name="time">The clock, or null for the system clock.</param>
    /// <param name="logger">Where to log, or null.</param>
    public LastKnownGoodFile(string path, LastKnownGoodOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        JournalPath = Path + ".changes";
        _options = options ?? LastKnownGoodOptions.Default;
        _logger = logger ?? NullLogger.Instance;
        _quiet = (time ?? TimeProvider.System).CreateTimer(_ => StartCompaction(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The document.</summary>
    public string Path { get; }

    /// <summary>The journal of changes since the document.</summary>
    public string JournalPath { get; }

    /// <summary>The version of the ruleset last saved, or -1.</summary>
    public long Version => Volatile.Read(ref _latest)?.Version ?? -1;

    /// <summary>
    /// Saves an update: a change is appended to the journal (or, with no document yet, the whole ruleset written); a
    /// whole ruleset replaces the document and empties the journal. Returns once it is on disk.
    /// </summary>
    /// <exception cref="IOException">The disk refused it.</exception>
    public async ValueTask SaveAsync(FollowedUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        bool large;
        try
        {
            if (update.Change is null || _documentVersion < 0)
            {
                var document = update.Change is null ? update.Data : RulesetJson.Write(update.Ruleset.ToDefinition());
                WriteDocument(document.Span, update.Version);
            }
            else
            {
                _journalBytes += ChangeJournal.Append(JournalPath, update.Data.Span);
            }

            Volatile.Write(ref _latest, update.Ruleset);
            large = _journalBytes > Math.Max(_options.CompactAboveBytes, _documentBytes / 4);
        }
        finally
        {
            _gate.Release();
        }

        if (large)
        {
            StartCompaction();
        }
        else if (update.Change is not null)
        {
            _quiet.Change(_options.CompactAfterQuiet, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Rewrites the document at the latest version saved and empties the journal. The document is written outside the
    /// lock, so saves go on meanwhile; changes saved meanwhile stay in the journal.
    /// </summary>
    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        CompiledRuleset? target;
        long folded;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            target = _latest;
            folded = _journalBytes;
        }
        finally
        {
            _gate.Release();
        }

        if (target is null || folded == 0)
        {
            return;
        }

        var document = RulesetJson.Write(target.ToDefinition());
        var temporary = Path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await WriteTemporaryAsync(temporary, document, cancellationToken).ConfigureAwait(false);
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (target.Version <= _documentVersion)
                {
                    return; // a whole ruleset replaced the document meanwhile
                }

                File.Move(temporary, Path, overwrite: true);
                _documentVersion = target.Version;
                _documentBytes = document.Length;
                if (_journalBytes == folded)
                {
                    File.Delete(JournalPath);
                }
                else
                {
                    ChangeJournal.KeepTail(JournalPath, folded);
                }

                _journalBytes -= folded;
            }
            finally
            {
                _gate.Release();
            }
        }
        finally
        {
            File.Delete(temporary);
        }

        LogCompacted(_logger, Path, target.Version);
    }

    /// <summary>Folds the journal into the document, so a stopped process leaves one file at its last version.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _quiet.DisposeAsync().ConfigureAwait(false);
        try
        {
            await CompactAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnusable(_logger, e, Path);
        }
    }

    private void WriteDocument(ReadOnlySpan<byte> document, long version)
    {
        PrivateFile.Replace(Path, document);
        _documentVersion = version;
        _documentBytes = document.Length;
        if (_journalBytes > 0 || File.Exists(JournalPath))
        {
            File.Delete(JournalPath); // its changes are all at or below the document's version now
            _journalBytes = 0;
        }
    }

    private static async Task WriteTemporaryAsync(string temporary, byte[] document, CancellationToken cancellationToken)
    {
        PrivateFile.CreateFolderOf(temporary);
        var options = PrivateFile.Options(FileMode.CreateNew);
        options.Options = FileOptions.Asynchronous;
        await using var file = new FileStream(temporary, options);
        await file.WriteAsync(document, cancellationToken).ConfigureAwait(false);
        file.Flush(flushToDisk: true);
    }

    private void StartCompaction()
    {
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.Exchange(ref _compacting, 1) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await CompactAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogUnusable(_logger, e, Path);
            }
            finally
            {
                Volatile.Write(ref _compacting, 0);
            }
        });
    }
}
