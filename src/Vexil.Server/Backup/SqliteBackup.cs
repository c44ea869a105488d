using Microsoft.Data.Sqlite;
using Vexil.Events.Storage;

namespace Vexil.Server.Backup;

/// <summary>
/// Online backups of the SQLite files in a data folder: each file is copied with <c>VACUUM INTO</c>, which reads one
/// consistent snapshot (committed transactions only, the WAL included) while the server keeps reading and writing.
/// </summary>
internal static class SqliteBackup
{
    /// <summary>Copies every <c>*.db</c> under <paramref name="dataDirectory"/> to the same relative path under <paramref name="outputDirectory"/>.</summary>
    /// <returns>The files written, relative to the output folder, with their sizes.</returns>
    public static async Task<IReadOnlyList<(string File, long Bytes)>> BackUpAsync(string dataDirectory, string outputDirectory, CancellationToken cancellationToken)
    {
        dataDirectory = Path.GetFullPath(dataDirectory);
        outputDirectory = Path.GetFullPath(outputDirectory);
        if (Directory.Exists(outputDirectory) && Directory.EnumerateFileSystemEntries(outputDirectory).Any())
        {
            throw new IOException($"the backup folder '{outputDirectory}' is not empty");
        }

        PrivateFiles.CreateDirectory(outputDirectory); // a backup holds what the data folder holds: 0700, files 0600
        var written = new List<(string, long)>();
        foreach (var source in Directory.EnumerateFiles(dataDirectory, "*.db", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (source.StartsWith(outputDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            var relative = Path.GetRelativePath(dataDirectory, source);
            var target = Path.Combine(outputDirectory, relative);
            PrivateFiles.PrepareSqlite(target); // an empty 0600 file, which VACUUM INTO fills
            await CopyAsync(source, target, cancellationToken);
            written.Add((relative, new FileInfo(target).Length));
        }

        return written;
    }

    private static async Task CopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 60 }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 60000; VACUUM INTO $target;";
        command.Parameters.AddWithValue("$target", target);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
