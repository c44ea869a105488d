using Npgsql;
using Vexil.Testing;

namespace Vexil.Server.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server (Debian's <c>postgresql</c> package) started once for the collection in a temp folder
/// on a free loopback port. It fails, never skips, when PostgreSQL cannot start. Each test gets its own database.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private int _databases;

    public int Port => Server.Port;

    private PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL has not started.");

    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync(durable: false);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"vexil_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..6]}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) => Server.ConnectionString(database);
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
