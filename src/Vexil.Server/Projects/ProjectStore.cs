using System.Data.Common;
using Vexil.Server.Storage;

namespace Vexil.Server.Projects;

/// <summary>The projects. Rows are written only inside the change recorder's transaction.</summary>
internal sealed class ProjectStore(Database database)
{
    /// <summary>The environments every new project starts with.</summary>
    public static readonly IReadOnlyList<(string Key, string Name)> DefaultEnvironments =
        [("development", "Development"), ("staging", "Staging"), ("production", "Production")];

    private const string Columns = "id, key, name, revision, created_at, updated_at";

    public Task<ProjectState?> GetAsync(string key, CancellationToken cancellationToken) =>
        database.ReadOneAsync($"SELECT {Columns} FROM projects WHERE key = @key", Map, cancellationToken, ("@key", key));

    public async Task<IReadOnlyList<ProjectState>> ListAsync(CancellationToken cancellationToken) =>
        await database.ReadManyAsync($"SELECT {Columns} FROM projects ORDER BY key", Map, cancellationToken);

    // ---- inside the recorder's transaction -------------------------------------------------------------------

    /// <summary>The project, locked for this write where writers run concurrently (PostgreSQL).</summary>
    public static Task<ProjectState?> FindAsync(SqlWriteScope scope, string key, CancellationToken cancellationToken) =>
        scope.ReadOneAsync($"SELECT {Columns} FROM projects p WHERE key = @key{scope.Lock("p")}", Map, cancellationToken, ("@key", key));

    public static async Task<ProjectState> InsertAsync(SqlWriteScope scope, string key, string name, CancellationToken cancellationToken)
    {
        var id = await scope.ScalarAsync(
            "INSERT INTO projects (key, name, revision, created_at, updated_at) VALUES (@key, @name, 1, @now, @now) RETURNING id",
            cancellationToken,
            ("@key", key),
            ("@name", name),
            ("@now", scope.Now));
        return new ProjectState(id!.Value, key, name, 1, Database.FromMs(scope.Now), Database.FromMs(scope.Now));
    }

    public static async Task<ProjectState> RenameAsync(SqlWriteScope scope, ProjectState before, string name, CancellationToken cancellationToken)
    {
        await scope.ExecuteAsync(
            "UPDATE projects SET name = @name, revision = revision + 1, updated_at = @now WHERE id = @id",
            cancellationToken,
            ("@name", name),
            ("@now", scope.Now),
            ("@id", before.Id));
        return before with { Name = name, Revision = before.Revision + 1, UpdatedAt = Database.FromMs(scope.Now) };
    }

    private static ProjectState Map(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), Database.FromMs(r.GetInt64(4)), Database.FromMs(r.GetInt64(5)));
}
