using System.Text.RegularExpressions;
using Vexil.Server.Storage.Migrations;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Storage.PreviousRelease;

/// <summary>
/// Migrations only expand (issue #20): a replica of the previous release keeps working against the schema this tree
/// migrates, during a rolling upgrade. Proven by running the previous release's own store contract tests, built from
/// its commit (deploy/previous-release), on SQLite and PostgreSQL databases migrated by this tree: each test's store is
/// a copy of the migrated database, which the old store migrates at start as its replica would (so its migration runner
/// meets versions it does not know). The second test shows the check fails when a migration is not expand-only.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class PreviousReleaseStoreContractTests(PostgresFixture postgres) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vexil-expand-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact(Timeout = 20 * 60_000)]
    public async Task PreviousReleaseStoreContract_PassesOnBothDialects_AgainstTheSchemaThisTreeMigrates()
    {
        var build = await PreviousReleaseBuild.GetAsync();

        var run = await RunAsync(build, [], ["-class", "*.MigratedSqliteStoreTests", "-class", "*.MigratedPostgresStoreTests"]);

        // Every test of the release's contract ran, once per dialect, and none failed.
        var expected = 2 * ContractTests(build);
        Assert.True(run.Failed == 0 && run.Skipped == 0 && run.Total == expected, $"expected {expected} tests of {build.Sha[..7]}'s store contract to pass; {run.Report}");
        Assert.Equal(expected, run.Passed);
        TestContext.Current.TestOutputHelper?.WriteLine($"{run.Passed} of {expected} tests of {build.Sha[..7]}'s store contract passed (SQLite and PostgreSQL) against this tree's migrations.");
    }

    [Fact(Timeout = 20 * 60_000)]
    public async Task TheCheck_Fails_WhenAMigrationRenamesAColumnThePreviousReleaseWrites()
    {
        var build = await PreviousReleaseBuild.GetAsync();
        // Not expand-only: the previous release inserts projects.name. Appended to this tree's migrations in both dialects.
        var rename = new Migration(9999, "9999_rename_project_name", "ALTER TABLE projects RENAME COLUMN name TO title");

        var run = await RunAsync(build, [rename], ["-method", "*.CreateProject_GetsDevelopmentStagingAndProductionAtVersionZero"]);

        Assert.True(run.Total == 2 && run.Failed == 2, $"expected the test on each dialect to fail; {run.Report}");
        Assert.True(run.Failures.Count == 2 && run.Failures.All(ColumnMissing().IsMatch), $"expected each to fail on the renamed column; {run.Report}");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private async Task<StoreContractRun> RunAsync(PreviousReleaseBuild build, IReadOnlyList<Migration> extra, IReadOnlyList<string> filter)
    {
        var ct = TestContext.Current.CancellationToken;
        var sqlite = await MigratedTemplates.SqliteAsync(_dir, MigratedTemplates.Of("Sqlite", extra), ct);
        var pg = await MigratedTemplates.PostgresAsync(postgres, MigratedTemplates.Of("Postgres", extra), ct);
        return await StoreContractRun.RunAsync(build, sqlite, pg, filter, ct);
    }

    /// <summary>The tests the release's contract declares (its ControlPlaneStoreContract*.cs files), counted from its source.</summary>
    private static int ContractTests(PreviousReleaseBuild build)
    {
        var count = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(build.Source, "tests", "Vexil.Server.Tests", "Storage"), "ControlPlaneStoreContract*.cs"))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("[Theory", text, StringComparison.Ordinal); // a theory's cases are not countable from source; count them here when one appears
            count += FactAttribute().Count(text);
        }

        Assert.True(count > 0, $"no [Fact] in {build.Source}'s store contract");
        return count;
    }

    [GeneratedRegex(@"\[Fact\b")]
    private static partial Regex FactAttribute();

    /// <summary>SQLite's and PostgreSQL's words for a missing column <c>name</c>, on reading it or on writing it (xUnit's results escape quotes).</summary>
    [GeneratedRegex("""no such column: name|no column named name|column \\?"name\\?"( of relation \\?"projects\\?")? does not exist""")]
    private static partial Regex ColumnMissing();
}
