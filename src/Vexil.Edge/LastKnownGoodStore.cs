using Vexil.Events.Storage;

namespace Vexil.Edge;

/// <summary>
/// Small documents an edge keeps per environment beside its last-known-good ruleset (the client keys it learnt, the
/// upstream's refusal of its key), written atomically (a temp file flushed to disk, then renamed over the old one), so
/// a crash leaves either the old file or the new one, never half of either. The rulesets themselves are kept by
/// Vexil.Delivery's <c>LastKnownGoodFile</c> (<see cref="EdgeFollowers"/>).
/// </summary>
internal sealed class LastKnownGoodStore(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public async Task SaveAsync(string name, byte[] utf8Json, CancellationToken cancellationToken, string suffix)
    {
        PrivateFiles.CreateDirectory(Directory);
        var target = PathOf(name, suffix);
        var temp = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temp, PrivateFiles.CreateOptions(FileMode.CreateNew, FileAccess.Write, FileOptions.Asynchronous)))
            {
                await file.WriteAsync(utf8Json, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The saved document and when it was written; null when there is none.</summary>
    public async Task<(byte[] Json, DateTimeOffset SavedAt)?> LoadAsync(string name, CancellationToken cancellationToken, string suffix)
    {
        var path = PathOf(name, suffix);
        if (!File.Exists(path))
        {
            return null;
        }

        var json = await File.ReadAllBytesAsync(path, cancellationToken);
        return (json, new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero));
    }

    /// <summary>True when a document is saved under <paramref name="name"/> and <paramref name="suffix"/>.</summary>
    public bool Exists(string name, string suffix) => File.Exists(PathOf(name, suffix));

    /// <summary>Removes the saved document, if any.</summary>
    public void Delete(string name, string suffix) => File.Delete(PathOf(name, suffix));

    private string PathOf(string name, string suffix) => Path.Combine(Directory, name + suffix);
}
