using Npgsql;

namespace Vexil.Server.Tests.Storage;

/// <summary>
/// The databases a newer tree migrated, named by the environment of the run (tests/Vexil.Server.Tests/Storage/PreviousRelease
/// sets them). A run without them fails: the contract must run against the newer schema, never a fresh one.
/// </summary>
internal static class MigratedSchema
{
    /// <summary>A SQLite file the newer tree migrated; each test gets a copy of it.</summary>
    public const string SqliteTemplate = "VEXIL_CONTRACT_SQLITE_TEMPLATE";

    /// <summary>A connection string of a PostgreSQL database the newer tree migrated; each test gets a copy (CREATE DATABASE … TEMPLATE).</summary>
    public const string PostgresTemplate = "VEXIL_CONTRACT_POSTGRES_TEMPLATE";

    public static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: this probe runs the store contract against a database migrated by a newer tree, which tests/Vexil.Server.Tests/Storage/PreviousRelease prepares.");

    /// <summary>Copies the PostgreSQL template into a new database of the same server and returns its connection string.</summary>
    public static async Task<string> CopyPostgresTemplateAsync(CancellationToken cancellationToken)
    {
        var template = new NpgsqlConnectionStringBuilder(Require(PostgresTemplate));
        var copy = new NpgsqlConnectionStringBuilder(template.ConnectionString) { Database = "contract_" + Guid.NewGuid().ToString("N")[..12] };
        var server = new NpgsqlConnectionStringBuilder(template.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{copy.Database}\" TEMPLATE \"{template.Database}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return copy.ConnectionString;
    }
}
