using Vexil.Server.Hosting;

namespace Vexil.Server.Backup;

/// <summary>
/// <c>vexil backup --out FOLDER</c>: an online backup of the data folder's SQLite files (the embedded control-plane
/// store and the events databases) while <c>vexil</c> runs. A PostgreSQL store is backed up with <c>pg_dump</c>.
/// </summary>
internal static class BackupCommand
{
    public const string Name = "backup";

    /// <summary>Runs the command; returns the process exit code (0 done, 1 failed, 2 bad usage).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? outputDirectory = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length)
            {
                outputDirectory = args[++i];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        if (outputDirectory is null)
        {
            await error.WriteLineAsync("usage: vexil backup --out FOLDER [--Vexil:DataDirectory=data]");
            return 2;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. rest])
            .Build();
        var options = configuration.GetSection(VexilOptions.Section).Get<VexilOptions>() ?? new VexilOptions();
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        if (string.IsNullOrWhiteSpace(options.Postgres) && !File.Exists(Path.Combine(dataDirectory, "vexil.db")))
        {
            await error.WriteLineAsync($"vexil backup: no store at '{Path.Combine(dataDirectory, "vexil.db")}' (set --Vexil:DataDirectory)");
            return 1;
        }

        if (!string.IsNullOrWhiteSpace(options.Postgres))
        {
            await error.WriteLineAsync("vexil backup: the control-plane store is PostgreSQL: back it up with pg_dump (docs/operations.md#backups); backing up the local events files only");
        }

        try
        {
            var files = Directory.Exists(dataDirectory)
                ? await SqliteBackup.BackUpAsync(dataDirectory, outputDirectory, cancellationToken)
                : [];
            foreach (var (file, bytes) in files)
            {
                await output.WriteLineAsync($"{file}\t{bytes} bytes");
            }

            return 0;
        }
        catch (Exception ex) when (ex is IOException or Microsoft.Data.Sqlite.SqliteException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync("vexil backup: " + ex.Message);
            return 1;
        }
    }
}
