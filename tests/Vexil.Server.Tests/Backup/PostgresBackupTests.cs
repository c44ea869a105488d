using Npgsql;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Backup;

/// <summary>pg_dump of a running PostgreSQL store, pg_restore into a fresh database, vexil started on it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBackupTests(PostgresFixture postgres)
{
    [Fact(Timeout = 180_000)]
    public async Task PgDump_RestoredIntoAFreshDatabase_ServesTheSameRulesetsAndKeys()
    {
        var dump = Path.Combine(Path.GetTempPath(), $"vexil-{Guid.NewGuid():N}.dump");
        try
        {
            var source = await postgres.CreateDatabaseAsync();
            BackupScenario scenario;
            IReadOnlyDictionary<string, (string ETag, string Body)> before;
            await using (var server = await VexilTestServer.StartAsync(source))
            {
                using var admin = await server.AdminAsync();
                scenario = await BackupScenario.CreateAsync(admin);
                before = await scenario.CaptureAsync(server.Address);

                // Online: the server keeps running while pg_dump reads one consistent snapshot.
                var dumped = await ExternalTool.RunAsync(Tool("pg_dump"), [.. Connect(source), "--format=custom", "--no-owner", "--file", dump]);
                Assert.True(dumped.ExitCode == 0, dumped.All);
            }

            var target = await postgres.CreateDatabaseAsync();
            var restoredDump = await ExternalTool.RunAsync(Tool("pg_restore"), [.. Connect(target), "--no-owner", "--exit-on-error", dump]);
            Assert.True(restoredDump.ExitCode == 0, restoredDump.All);
            await using var restored = await VexilTestServer.StartAsync(target);

            await scenario.AssertRestoredAsync(before, restored);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task PgRestore_OfACorruptDump_FailsLoudly()
    {
        var dump = Path.Combine(Path.GetTempPath(), $"vexil-{Guid.NewGuid():N}.dump");
        await File.WriteAllTextAsync(dump, "not a dump", TestContext.Current.CancellationToken);
        try
        {
            var target = await postgres.CreateDatabaseAsync();

            var result = await ExternalTool.RunAsync(Tool("pg_restore"), [.. Connect(target), "--no-owner", "--exit-on-error", dump]);

            Assert.NotEqual(0, result.ExitCode);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static string[] Connect(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return ["--host", builder.Host!, "--port", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", builder.Username!, "--dbname", builder.Database!];
    }

    /// <summary>The PostgreSQL client tool of the newest installed server version (the one the tests' server runs).</summary>
    private static string Tool(string name)
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        var found = versions.Select(v => Path.Combine(v, "bin", name)).Where(File.Exists).Order(StringComparer.Ordinal).LastOrDefault();
        return found ?? throw new InvalidOperationException($"{name} is not installed (Debian package 'postgresql'; scripts/install-deps.sh installs it).");
    }
}
