using System.Data.Common;
using Vexil.Server.Storage;

namespace Vexil.Server.Environments;

/// <summary>The environments of every project, with their current versions. Rows are written only inside the change recorder's transaction.</summary>
internal sealed class EnvironmentStore(Database database)
{
    internal const string Columns = "e.id, e.project_id, p.key, e.key, e.name, e.version, e.revision, e.created_at, e.position, e.archived_at";

    public Task<EnvironmentState?> GetAsync(string projectKey, string key, CancellationToken cancellationToken) =>
        database.ReadOneAsync(
            $"SELECT {Columns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE p.key = @project AND e.key = @key",
            Map,
            cancellationToken,
            ("@project", projectKey),
            ("@key", key));

    public Task<EnvironmentState?> GetByIdAsync(long id, CancellationToken cancellationToken) =>
        database.ReadOneAsync($"SELECT {Columns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE e.id = @id", Map, cancellationToken, ("@id", id));

    public async Task<IReadOnlyList<EnvironmentState>> ListAsync(string projectKey, CancellationToken cancellationToken) =>
        await database.ReadManyAsync(
            $"SELECT {Columns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE p.key = @project ORDER BY e.position, e.id",
            Map,
            cancellationToken,
            ("@project", projectKey));

    // ---- inside the recorder's transaction -------------------------------------------------------------------

    /// <summary>The project's environments in id order, locked for this write where writers run concurrently (PostgreSQL).</summary>
    public static Task<List<EnvironmentState>> LockAllAsync(SqlWriteScope scope, long projectId, CancellationToken cancellationToken) =>
        scope.ReadManyAsync(
            $"SELECT {Columns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE e.project_id = @project ORDER BY e.id{scope.Lock("e")}",
            Map,
            cancellationToken,
            ("@project", projectId));

    /// <summary>The named environments of the project in id order, locked for this write where writers run concurrently; unknown keys are left out.</summary>
    public static Task<List<EnvironmentState>> LockAsync(SqlWriteScope scope, long projectId, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return Task.FromResult(new List<EnvironmentState>());
        }

        var names = string.Join(", ", keys.Select((_, i) => "@k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var parameters = keys.Select((k, i) => ("@k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)k)).Append(("@project", projectId)).ToArray();
        return scope.ReadManyAsync(
            $"SELECT {Columns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE e.project_id = @project AND e.key IN ({names}) ORDER BY e.id{scope.Lock("e")}",
            Map,
            cancellationToken,
            parameters);
    }

    public static async Task<long> InsertAsync(SqlWriteScope scope, long projectId, string key, string name, CancellationToken cancellationToken) =>
        (await scope.ScalarAsync(
            "INSERT INTO environments (project_id, key, name, version, revision, created_at, updated_at, position) VALUES (@project, @key, @name, 0, 1, @now, @now, " +
            "(SELECT CASE WHEN MAX(position) > 0 THEN MAX(position) + 1 ELSE 0 END FROM environments WHERE project_id = @project)) RETURNING id",
            cancellationToken,
            ("@project", projectId),
            ("@key", key),
            ("@name", name),
            ("@now", scope.Now)))!.Value;

    public static Task<EnvironmentState?> FindAsync(SqlWriteScope scope, long id, CancellationToken cancellationToken) =>
        scope.ReadOneAsync($"SELECT {Columns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE e.id = @id", Map, cancellationToken, ("@id", id));

    public static Task<EnvironmentState?> FindByKeyAsync(SqlWriteScope scope, long projectId, string key, CancellationToken cancellationToken) =>
        scope.ReadOneAsync($"SELECT {Columns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE e.project_id = @project AND e.key = @key", Map, cancellationToken, ("@project", projectId), ("@key", key));

    /// <summary>Sets the environment's name, order or archived time, and bumps its revision (its ETag).</summary>
    public static async Task<EnvironmentState> UpdateAsync(SqlWriteScope scope, EnvironmentState before, string name, int position, bool archived, CancellationToken cancellationToken)
    {
        var archivedAt = archived ? before.ArchivedAt ?? Database.FromMs(scope.Now) : (DateTimeOffset?)null;
        await scope.ExecuteAsync(
            "UPDATE environments SET name = @name, position = @position, archived_at = @archived, revision = revision + 1, updated_at = @now WHERE id = @id",
            cancellationToken,
            ("@name", name),
            ("@position", position),
            ("@archived", archivedAt is { } at ? at.ToUnixTimeMilliseconds() : null),
            ("@now", scope.Now),
            ("@id", before.Id));
        return before with { Name = name, Position = position, ArchivedAt = archivedAt, Revision = before.Revision + 1 };
    }

    internal static EnvironmentState Map(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetInt64(6), Database.FromMs(r.GetInt64(7)), r.GetInt32(8), r.IsDBNull(9) ? null : Database.FromMs(r.GetInt64(9)));
}
