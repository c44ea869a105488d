using System.Data.Common;
using Vexil.Server.Storage;

namespace Vexil.Server.Environments;

/// <summary>The environments of every project, with their current versions. Rows are written only inside the change recorder's transaction.</summary>
internal sealed class EnvironmentStore(Database database)
{
    internal const string Columns = "e.id, e.project_id, p.key, e.key, e.name, e.version, e.revision, e.created_at";

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
            $"SELECT {Columns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE p.key = @project ORDER BY e.id",
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
            "INSERT INTO environments (project_id, key, name, version, revision, created_at, updated_at) VALUES (@project, @key, @name, 0, 1, @now, @now) RETURNING id",
            cancellationToken,
            ("@project", projectId),
            ("@key", key),
            ("@name", name),
            ("@now", scope.Now)))!.Value;

    public static Task<EnvironmentState?> FindAsync(SqlWriteScope scope, long id, CancellationToken cancellationToken) =>
        scope.ReadOneAsync($"SELECT {Columns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE e.id = @id", Map, cancellationToken, ("@id", id));

    public static Task<EnvironmentState?> FindByKeyAsync(SqlWriteScope scope, long projectId, string key, CancellationToken cancellationToken) =>
        scope.ReadOneAsync($"SELECT {Columns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE e.project_id = @project AND e.key = @key", Map, cancellationToken, ("@project", projectId), ("@key", key));

    internal static EnvironmentState Map(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetInt64(6), Database.FromMs(r.GetInt64(7)));
}
