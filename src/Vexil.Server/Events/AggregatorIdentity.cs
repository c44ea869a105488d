namespace Vexil.Server.Events;

/// <summary>
/// The name of this process's aggregator consumer on a shared NATS stream. Each control-plane replica keeps its usage
/// counts in a store of its own (SQLite in its data folder), so each needs every batch: a durable consumer of its own,
/// named once and kept in the data folder so that a restarted replica resumes where it stopped.
/// </summary>
internal static class AggregatorIdentity
{
    private const string FileName = "aggregator-consumer";

    public static string For(string eventsDirectory)
    {
        Vexil.Events.Storage.PrivateFiles.CreateDirectory(eventsDirectory);
        var path = Path.Combine(eventsDirectory, FileName);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        var name = "aggregator-" + Guid.NewGuid().ToString("N");
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, Vexil.Events.Storage.PrivateFiles.CreateOptions(FileMode.Create)))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(name);
        }

        File.Move(temporary, path, overwrite: true);
        return name;
    }
}
