using Microsoft.Data.Sqlite;

namespace Vexil.Events.Storage;

/// <summary>Opens the pipeline's SQLite files: WAL, full fsync on commit (an acknowledged write survives a crash).</summary>
internal static class SqliteConnections
{
    public static async Task<SqliteConnection> OpenAsync(string path, CancellationToken cancellationToken)
    {
        PrivateFiles.PrepareSqlite(path); // 0600, and SQLite gives its -wal and -shm files the same mode

        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, sql);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
