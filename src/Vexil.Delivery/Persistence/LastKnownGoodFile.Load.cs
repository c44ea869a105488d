using Microsoft.Extensions.Logging;
using Vexil.Core.Compilation;
using Vexil.Delivery.Changes;

namespace Vexil.Delivery.Persistence;

public sealed partial class LastKnownGoodFile
{
    /// <summary>
    /// Reads the document and applies the journal's changes after it, in order: what was saved last. A journal record
    /// cut short, or one that does not follow, ends the replay (and is cut off, so the next save follows a whole
    /// record). Null when there is no document, or it cannot be read or fails validation (logged, and
    /// <paramref name="error"/> says why). Call once, before the first save.
    /// </summary>
    public SavedRuleset? Load(out string? error)
    {
        error = null;
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            var document = File.ReadAllBytes(Path);
            var savedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(Path), TimeSpan.Zero);
            var load = RulesetCompiler.Load(document);
            if (load.Ruleset is null)
            {
                error = load.Errors.Count > 0 ? load.Errors[0].ToString() : "invalid";
                LogRejected(_logger, Path, error);
                return null;
            }

            _documentVersion = load.Ruleset.Version;
            _documentBytes = document.Length;
            var ruleset = load.Ruleset;
            var replayed = 0;
            if (File.Exists(JournalPath))
            {
                var (records, _) = ChangeJournal.Read(File.ReadAllBytes(JournalPath));
                long length = 0;
                foreach (var record in records)
                {
                    var read = ChangeEvent.Read(record.Span);
                    if (read.Event is { } change && change.Version <= ruleset.Version)
                    {
                        length += ChangeJournal.HeaderBytes + record.Length; // folded into the document already
                        continue;
                    }

                    var applied = read.Event is { } next && next.Version == ruleset.Version + 1 ? next.ApplyTo(ruleset) : null;
                    if (applied?.Ruleset is null)
                    {
                        LogJournalCut(_logger, JournalPath, ruleset.Version);
                        break;
                    }

                    ruleset = applied.Ruleset;
                    length += ChangeJournal.HeaderBytes + record.Length;
                    replayed++;
                }

                if (length < new FileInfo(JournalPath).Length)
                {
                    ChangeJournal.Truncate(JournalPath, length);
                }

                _journalBytes = length;
                if (replayed > 0)
                {
                    var journalAt = new DateTimeOffset(File.GetLastWriteTimeUtc(JournalPath), TimeSpan.Zero);
                    savedAt = journalAt > savedAt ? journalAt : savedAt;
                }
            }

            _latest = ruleset;
            LogLoaded(_logger, ruleset.Version, Path, replayed);
            return new SavedRuleset(ruleset, savedAt, replayed == 0 ? document : ReadOnlyMemory<byte>.Empty, replayed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            LogUnusable(_logger, e, Path);
            return null;
        }
    }

    [LoggerMessage(120, LogLevel.Information, "Loaded version {Version} from the last-known-good file {Path} ({Replayed} changes replayed from its journal)")]
    private static partial void LogLoaded(ILogger logger, long version, string path, int replayed);

    [LoggerMessage(121, LogLevel.Warning, "The last-known-good file {Path} could not be used")]
    private static partial void LogUnusable(ILogger logger, Exception exception, string path);

    [LoggerMessage(122, LogLevel.Warning, "The last-known-good file {Path} failed validation and was ignored: {Error}")]
    private static partial void LogRejected(ILogger logger, string path, string error);

    [LoggerMessage(123, LogLevel.Warning, "The journal {Path} ends with a change that does not follow version {Version} (cut short by a crash?); it is kept up to there")]
    private static partial void LogJournalCut(ILogger logger, string path, long version);

    [LoggerMessage(124, LogLevel.Debug, "Rewrote the last-known-good file {Path} at version {Version}")]
    private static partial void LogCompacted(ILogger logger, string path, long version);
}
