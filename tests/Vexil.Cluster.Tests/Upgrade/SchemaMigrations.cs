using Npgsql;
using Vexil.Cluster.Tests.Cluster;

namespace Vexil.Cluster.Tests.Upgrade;

/// <summary>The control plane's schema migrations: those a source tree ships, and those the cluster's PostgreSQL has applied.</summary>
internal static class SchemaMigrations
{
    /// <summary>The migration numbers a tree ships (src/Vexil.Server/Storage/Migrations/Postgres/NNNN_name.sql).</summary>
    public static IReadOnlyList<long> Shipped(string sourceTree) =>
        [.. Directory.GetFiles(Path.Combine(sourceTree, "src", "Vexil.Server", "Storage", "Migrations", "Postgres"), "*.sql")
            .Select(f => long.Parse(Path.GetFileName(f)[..4], System.Globalization.CultureInfo.InvariantCulture))
            .Order()];

    /// <summary>The migration numbers recorded in the cluster's schema_migrations.</summary>
    public static async Task<IReadOnlyList<long>> AppliedAsync(VexilCluster cluster, CancellationToken cancellationToken)
    {
        var secrets = Path.Combine(ScriptRunner.ClusterDirectory, "run", "secrets", "pg-password");
        var connection = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = 17040 + cluster.PortOffset,
            Username = "vexil",
            Password = (await File.ReadAllTextAsync(secrets, cancellationToken)).Trim(),
            Database = "vexil",
        };
        await using var source = NpgsqlDataSource.Create(connection.ConnectionString);
        await using var command = source.CreateCommand("SELECT version FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt64(0));
        }

        return versions;
    }
}
