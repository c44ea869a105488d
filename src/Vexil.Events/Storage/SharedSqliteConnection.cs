using Microsoft.Data.Sqlite;

namespace Vexil.Events.Storage;

/// <summary>
/// One SQLite connection used by one caller at a time: opened (and its schema applied) on first use, guarded by a
/// gate, closed on dispose. The stores of the events pipeline each own one.
/// </summary>
internal sealed class SharedSqliteConnection(string path, string schema) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;
    private bool _disposed;

    /// <summary>Waits for exclusive use of the connection; dispose the lease to hand it on.</summary>
    public async Task<Lease> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is null)
            {
                var connection = await SqliteConnections.OpenAsync(path, cancellationToken);
                await SqliteConnections.ExecuteAsync(connection, null, schema, cancellationToken);
                _connection = connection;
            }

            return new Lease(_gate, _connection);
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Exclusive use of the connection until disposed.</summary>
    internal readonly struct Lease(SemaphoreSlim gate, SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection => connection;

        public void Dispose() => gate.Release();
    }
}
