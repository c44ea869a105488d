using Vexil.Server.Storage;
using Vexil.Server.Storage.Migrations;

namespace Vexil.Server.Tests.Storage;

/// <summary>
/// Migration checksums on a real database of each dialect: a fresh database records one per migration; an applied
/// migration whose text changed stops the migration with a message naming it and changes nothing; a change of line
/// endings or trailing whitespace is no change; a database made by 0.1.0 (its <c>schema_migrations</c> has no
/// checksum column) upgrades, gets the checksums of what it had applied, and a 0.1.0 replica can still record a
/// migration in it.
/// </summary>
public abstract class MigrationRunnerContract
{
    /// <summary>A new, empty database of the dialect.</summary>
    private protected abstract Task<Database> CreateDatabaseAsync();

    private protected abstract string Folder { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IReadOnlyList<Migration> Migrations => Migration.Load(Folder);

    [Fact(Timeout = 60_000)]
    public async Task FreshDatabase_RecordsEveryMigrationWithItsChecksum()
    {
        var database = await CreateDatabaseAsync();

        await database.MigrateAsync(Ct);

        var rows = await AppliedAsync(database);
        Assert.Equal(Migrations.Select(m => (long)m.Version), rows.Select(r => r.Version));
        Assert.Equal(Migrations.Select(m => m.Checksum), rows.Select(r => r.Checksum));
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{64}$", r.Checksum));
    }

    [Fact(Timeout = 60_000)]
    public async Task EditedAppliedMigration_IsRefused_NamingIt_AndNothingChanges()
    {
        var database = await CreateDatabaseAsync();
        var all = Migrations;
        await database.MigrateAsync(all.Take(4).ToList(), Ct);
        var before = await AppliedAsync(database);

        var third = all[2];
        var edited = all.Select(m => m.Version == third.Version ? m with { Sql = m.Sql + "\n-- edited after it ran\n" } : m).ToList();
        var refused = await Assert.ThrowsAsync<MigrationChecksumException>(() => database.MigrateAsync(edited, Ct));

        Assert.Contains($"Migration {third.Name} of {Folder} was applied with checksum {third.Checksum[..12]}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"Migrations/{Folder}/{third.Name}.sql", refused.Message, StringComparison.Ordinal);
        Assert.Contains("new migration with the next free number", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"UPDATE schema_migrations SET checksum = '{edited[2].Checksum}' WHERE version = {third.Version}", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(all[0].Name, refused.Message, StringComparison.Ordinal); // only the changed one is named
        Assert.Equal(before, await AppliedAsync(database)); // the pending 0005… were not applied

        await database.MigrateAsync(all, Ct); // the file restored: the start goes on
        Assert.Equal(all.Count, (await AppliedAsync(database)).Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task LineEndingsAndTrailingWhitespace_AreNoChange()
    {
        var database = await CreateDatabaseAsync();
        await database.MigrateAsync(Migrations, Ct);

        var reformatted = Migrations.Select(m => m with { Sql = "\uFEFF" + m.Sql.Replace("\n", "  \r\n", StringComparison.Ordinal) + "\r\n\r\n" }).ToList();
        await database.MigrateAsync(reformatted, Ct);

        Assert.Equal(Migrations.Select(m => m.Checksum), (await AppliedAsync(database)).Select(r => r.Checksum));
    }

    [Fact(Timeout = 60_000)]
    public async Task DatabaseOfARelease_BeforeChecksums_Upgrades_AndGetsItsChecksums()
    {
        var database = await CreateDatabaseAsync();
        var all = Migrations;
        await ApplyAsReleaseZeroOneAsync(database, all.Take(3));

        await database.MigrateAsync(all, Ct);

        var rows = await AppliedAsync(database);
        Assert.Equal(all.Select(m => (long)m.Version), rows.Select(r => r.Version));
        Assert.Equal(all.Select(m => m.Checksum), rows.Select(r => r.Checksum));

        // Expand only: a 0.1.0 replica still running records a migration the way it always did (no checksum)…
        await using (var connection = await database.OpenAsync(Ct))
        await using (var insert = Database.Command(connection, null, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_old_replica', 0)"))
        {
            await insert.ExecuteNonQueryAsync(Ct);
        }

        // …and the next start of this release checks what it can and leaves what it has no file for.
        await database.MigrateAsync(all, Ct);
        var after = await AppliedAsync(database);
        Assert.Null(after.Single(r => r.Version == 999).Checksum);
        Assert.Equal(rows, after.Where(r => r.Version != 999));
    }

    [Fact(Timeout = 60_000)]
    public async Task DatabaseOfARelease_BeforeChecksums_WithAnEditedFile_IsTrustedOnce_ThenHeldToIt()
    {
        var database = await CreateDatabaseAsync();
        var all = Migrations;
        await ApplyAsReleaseZeroOneAsync(database, all.Take(3));
        await database.MigrateAsync(all, Ct);

        var edited = all.Select(m => m.Version == 1 ? m with { Sql = m.Sql + "\n-- edited\n" } : m).ToList();
        var refused = await Assert.ThrowsAsync<MigrationChecksumException>(() => database.MigrateAsync(edited, Ct));

        Assert.Contains(all[0].Name, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>What release 0.1.0 (bf3c338) did: its table without checksums, each migration run and recorded by version and name.</summary>
    private static async Task ApplyAsReleaseZeroOneAsync(Database database, IEnumerable<Migration> migrations)
    {
        await using var connection = await database.OpenAsync(Ct);
        await using (var create = Database.Command(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(Ct);
        }

        foreach (var migration in migrations)
        {
            await using (var apply = Database.Command(connection, null, migration.Sql))
            {
                await apply.ExecuteNonQueryAsync(Ct);
            }

            await using var record = Database.Command(connection, null, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @now)", ("@version", (long)migration.Version), ("@name", migration.Name), ("@now", 0L));
            await record.ExecuteNonQueryAsync(Ct);
        }
    }

    private static async Task<List<AppliedMigration>> AppliedAsync(Database database) =>
        await database.ReadManyAsync("SELECT version, name, checksum FROM schema_migrations ORDER BY version", r => new AppliedMigration(r.GetInt64(0), r.GetString(1), Database.NullableString(r, 2)), Ct);
}
