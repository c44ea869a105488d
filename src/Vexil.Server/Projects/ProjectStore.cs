using System.Data.Common;
using Vexil.Server.Storage;

namespace Vexil.Server.Projects;

/// <summary>The projects. Rows are written only inside the change recorder's transaction.</summary>
internal sealed class ProjectStore(Database database)
{
    /// <summary>The environments every new project starts with.</summary>
    public static readonly IReadOnlyList<(string Key, string Name)> DefaultEnvironments =
        [("development", "Development"), ("staging", "Staging"), ("production", "Production")];

    private const string Columns = "id, key, name, revision, created_at, updated_at, position, archived_at";

    private const string Order = "ORDER BY position, key";

    public Task<ProjectState?> GetAsync(string key, CancellationToken cancellationToken) =>
        database.ReadOneAsync($"SELECT {Columns} FROM projects WHERE key = @key", Map, cancellationToken, ("@key", key));

    public async Task<IReadOnlyList<ProjectState>> ListAsync(CancellationToken cancellationToken) =>
        await database.ReadManyAsync($"SELECT {Columns} FROM projects {Order}", Map, cancellationToken);

    // ---- inside the recorder's transaction -------------------------------------------------------------------

    /// <summary>The project, locked for this write where writers run concurrently (PostgreSQL).</summary>
    public static Task<ProjectState?> FindAsync(SqlWriteScope scope, string key, CancellationToken cancellationToken) =>
        scope.ReadOneAsync($"SELECT {Columns} FROM projects p WHERE key = @key{scope.Lock("p")}", Map, cancellationToken, ("@key", key));

    public static async Task<ProjectState> InsertAsync(SqlWriteScope scope, string key, string name, CancellationToken cancellationToken)
    {
        var id = await scope.ScalarAsync(
            "INSERT INTO projects (key, name, revision, created_at, updated_at, position) VALUES (@key, @name, 1, @now, @now, " +
            "(SELECT CASE WHEN MAX(position) > 0 THEN MAX(position) + 1 ELSE 0 END FROM projects)) RETURNING id",
            cancellationToken,
            ("@key", key),
            ("@name", name),
            ("@now", scope.Now));
        var position = await scope.ScalarAsync("SELECT position FROM projects WHERE id = @id", cancellationToken, ("@id", id!.Value));
        return new ProjectState(id.Value, key, name, 1, Database.FromMs(scope.Now), Database.FromMs(scope.Now), (int)(position ?? 0));
    }

    /// <summary>Every project, locked for this write where writers run concurrently (PostgreSQL), in their order.</summary>
    public static async Task<IReadOnlyList<ProjectState>> LockAllAsync(SqlWriteScope scope, CancellationToken cancellationToken) =>
        await scope.ReadManyAsync($"SELECT {Columns} FROM projects p {Order}{scope.Lock("p")}", Map, cancellationToken);

    /// <summary>Sets the project's order or archived time, and bumps its revision (its ETag).</summary>
    public static async Task<ProjectState> UpdateAsync(SqlWriteScope scope, ProjectState before, int position, bool archived, CancellationToken cancellationToken)
    {
        var archivedAt = archived ? before.ArchivedAt ?? Database.FromMs(scope.Now) : (DateTimeOffset?)null;
        await scope.ExecuteAsync(
            "UPDATE projects SET position = @position, archived_at = @archived, revision = revision + 1, updated_at = @now WHERE id = @id",
            cancellationToken,
            ("@position", position),
            ("@archived", archivedAt is { } at ? at.ToUnixTimeMilliseconds() : null),
            ("@now", scope.Now),
            ("@id", before.Id));
        return before with { Position = position, ArchivedAt = archivedAt, Revision = before.Revision + 1, UpdatedAt = Database.FromMs(scope.Now) };
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
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), Database.FromMs(r.GetInt64(4)), Database.FromMs(r.GetInt64(5)),
            r.GetInt32(6), r.IsDBNull(7) ? null : Database.FromMs(r.GetInt64(7)));
}
