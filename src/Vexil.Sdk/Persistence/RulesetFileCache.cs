using Microsoft.Extensions.Logging;
using Vexil.Sdk.Diagnostics;
using Vexil.Sdk.Snapshots;

namespace Vexil.Sdk.Persistence;

/// <summary>
/// The last-known-good file: the last ruleset received, in the native format. Written atomically (a temporary file
/// in the same folder, then a rename over the old one), so a crash mid-write never leaves a torn file.
/// </summary>
internal sealed class RulesetFileCache(string path, ILogger logger)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Reads the file; null when it is missing or unusable (logged).</summary>
    public CompiledUpdate? TryLoad()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            var update = CompiledUpdate.FromJson(File.ReadAllBytes(Path));
            if (!update.IsValid)
            {
                logger.CacheUnusable(Path, new InvalidDataException(update.Error));
                return null;
            }

            logger.CacheLoaded(update.Ruleset!.Version, Path);
            return update;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.CacheUnusable(Path, e);
            return null;
        }
    }

    /// <summary>Replaces the file's content atomically; failures are logged, never thrown.</summary>
    public void Save(byte[] json)
    {
        var temporary = Path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var directory = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // the rules are the application's own: 0600
            }

            using (var file = new FileStream(temporary, create))
            {
                file.Write(json);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.CacheUnusable(Path, e);
            TryDelete(temporary);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray temporary file is harmless.
        }
    }
}
