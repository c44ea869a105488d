using Vexil.Server.Storage.Migrations;

namespace Vexil.Server.Tests.Storage;

/// <summary>
/// The embedded migrations of both dialects: numbered one after another without a gap or a repeat (a repeated
/// number was recorded as applied and its second file never ran — three branches each added a 0005), and the same
/// versions in SQLite and PostgreSQL.
/// </summary>
public sealed class MigrationFilesTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public void Migrations_AreNumberedOneAfterAnother(string folder)
    {
        var migrations = Migration.Load(folder);

        Assert.NotEmpty(migrations);
        for (var i = 0; i < migrations.Count; i++)
        {
            Assert.Equal(i + 1, migrations[i].Version);
        }
    }

    [Fact]
    public void BothDialects_HaveTheSameMigrations()
    {
        var sqlite = Migration.Load("Sqlite").Select(m => m.Name);
        var postgres = Migration.Load("Postgres").Select(m => m.Name);

        Assert.Equal(sqlite, postgres);
    }
}
