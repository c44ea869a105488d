using System.Data.Common;
using Vexil.Server.Environments;
using Vexil.Server.Projects;

namespace Vexil.Server.Storage;

internal abstract partial class SqlControlPlaneStore
{
    /// <summary>The environments every new project starts with.</summary>
    internal static readonly IReadOnlyList<(string Key, string Name)> DefaultEnvironments =
        [("development", "Development"), ("staging", "Staging"), ("production", "Production")];

    private const string ProjectColumns = "id, key, name, revision, created_at, updated_at";
    private const string EnvironmentColumns = "e.id, e.project_id, p.key, e.key, e.name, e.version, e.revision, e.created_at";

    private static ProjectState MapProject(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), FromMs(r.GetInt64(4)), FromMs(r.GetInt64(5)));

    private static EnvironmentState MapEnvironment(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetInt64(6), FromMs(r.GetInt64(7)));

    public Task<WriteResult<ProjectState>> CreateProjectAsync(string key, string name, WriteContext context, CancellationToken cancellationToken) =>
        WriteAsync(async scope =>
        {
            if (await FindProjectAsync(scope, key, cancellationToken) is not null)
            {
                return WriteResult<ProjectState>.Fail(WriteStatus.Conflict);
            }

            var id = await scope.ScalarAsync(
                "INSERT INTO projects (key, name, revision, created_at, updated_at) VALUES (@key, @name, 1, @now, @now) RETURNING id",
                cancellationToken,
                ("@key", key),
                ("@name", name),
                ("@now", scope.Now));
            foreach (var (envKey, envName) in DefaultEnvironments)
            {
                await InsertEnvironmentAsync(scope, id!.Value, envKey, envName, cancellationToken);
            }

            var project = new ProjectState(id!.Value, key, name, 1, FromMs(scope.Now), FromMs(scope.Now));
            await scope.AuditAsync(context, "project.create", key, null, $"projects/{key}", null, project, cancellationToken);
            return WriteResult<ProjectState>.Ok(project, scope.Versions);
        }, cancellationToken);

    public Task<WriteResult<ProjectState>> UpdateProjectAsync(string key, string name, Precondition precondition, WriteContext context, CancellationToken cancellationToken) =>
        WriteAsync(async scope =>
        {
            var before = await FindProjectAsync(scope, key, cancellationToken);
            if (before is null)
            {
                return WriteResult<ProjectState>.Fail(WriteStatus.NotFound);
            }

            if (!precondition.IsSatisfiedBy(before.ETag))
            {
                return WriteResult<ProjectState>.Fail(WriteStatus.PreconditionFailed);
            }

            await scope.ExecuteAsync(
                "UPDATE projects SET name = @name, revision = revision + 1, updated_at = @now WHERE id = @id",
                cancellationToken,
                ("@name", name),
                ("@now", scope.Now),
                ("@id", before.Id));
            var after = before with { Name = name, Revision = before.Revision + 1, UpdatedAt = FromMs(scope.Now) };
            await scope.AuditAsync(context, "project.update", key, null, $"projects/{key}", before, after, cancellationToken);
            return WriteResult<ProjectState>.Ok(after, scope.Versions);
        }, cancellationToken);

    public Task<ProjectState?> GetProjectAsync(string key, CancellationToken cancellationToken) =>
        ReadOneAsync($"SELECT {ProjectColumns} FROM projects WHERE key = @key", MapProject, cancellationToken, ("@key", key));

    public async Task<IReadOnlyList<ProjectState>> ListProjectsAsync(CancellationToken cancellationToken) =>
        await ReadManyAsync($"SELECT {ProjectColumns} FROM projects ORDER BY key", MapProject, cancellationToken);

    public Task<WriteResult<EnvironmentState>> CreateEnvironmentAsync(string projectKey, string key, string name, WriteContext context, CancellationToken cancellationToken) =>
        WriteAsync(async scope =>
        {
            var project = await FindProjectAsync(scope, projectKey, cancellationToken);
            if (project is null)
            {
                return WriteResult<EnvironmentState>.Fail(WriteStatus.NotFound);
            }

            if (await FindEnvironmentAsync(scope, projectKey, key, cancellationToken) is not null)
            {
                return WriteResult<EnvironmentState>.Fail(WriteStatus.Conflict);
            }

            await InsertEnvironmentAsync(scope, project.Id, key, name, cancellationToken);
            var environment = (await FindEnvironmentAsync(scope, projectKey, key, cancellationToken))!;
            await scope.AuditAsync(context, "environment.create", projectKey, key, $"projects/{projectKey}/environments/{key}", null, environment, cancellationToken);
            return WriteResult<EnvironmentState>.Ok(environment, scope.Versions);
        }, cancellationToken);

    /// <summary>Inserts an environment at version 0; when the project already has flags, gives each a default configuration at version 1.</summary>
    private async Task InsertEnvironmentAsync(SqlWriteScope scope, long projectId, string key, string name, CancellationToken cancellationToken)
    {
        var envId = (await scope.ScalarAsync(
            "INSERT INTO environments (project_id, key, name, version, revision, created_at, updated_at) VALUES (@project, @key, @name, 0, 1, @now, @now) RETURNING id",
            cancellationToken,
            ("@project", projectId),
            ("@key", key),
            ("@name", name),
            ("@now", scope.Now)))!.Value;
        var definitions = await ReadManyAsync(scope.Connection, scope.Transaction, $"SELECT {FlagColumns} FROM flags WHERE project_id = @project ORDER BY key", MapFlagDefinition, cancellationToken, ("@project", projectId));
        if (definitions.Count == 0)
        {
            return;
        }

        var version = await scope.BumpVersionAsync(envId, key, cancellationToken);
        foreach (var (definition, revision, _, _) in definitions)
        {
            var config = DefaultConfig(definition);
            await UpsertConfigAsync(scope, envId, definition.Key, config, 1, version, cancellationToken);
            await scope.AppendChangeAsync(envId, version, "flag", definition.Key, "upsert", NativeFlagJson(definition, config, version), cancellationToken);
        }
    }

    public Task<EnvironmentState?> GetEnvironmentAsync(string projectKey, string key, CancellationToken cancellationToken) =>
        ReadOneAsync(
            $"SELECT {EnvironmentColumns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE p.key = @project AND e.key = @key",
            MapEnvironment,
            cancellationToken,
            ("@project", projectKey),
            ("@key", key));

    public Task<EnvironmentState?> GetEnvironmentByIdAsync(long id, CancellationToken cancellationToken) =>
        ReadOneAsync($"SELECT {EnvironmentColumns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE e.id = @id", MapEnvironment, cancellationToken, ("@id", id));

    public async Task<IReadOnlyList<EnvironmentState>> ListEnvironmentsAsync(string projectKey, CancellationToken cancellationToken) =>
        await ReadManyAsync(
            $"SELECT {EnvironmentColumns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE p.key = @project ORDER BY e.id",
            MapEnvironment,
            cancellationToken,
            ("@project", projectKey));

    public async Task<IReadOnlyList<(long EnvironmentId, long Version)>> GetEnvironmentVersionsAsync(CancellationToken cancellationToken) =>
        await ReadManyAsync("SELECT id, version FROM environments", r => (r.GetInt64(0), r.GetInt64(1)), cancellationToken);

    private static Task<ProjectState?> FindProjectAsync(SqlWriteScope scope, string key, CancellationToken cancellationToken) =>
        ReadOneAsync(scope.Connection, scope.Transaction, $"SELECT {ProjectColumns} FROM projects p WHERE key = @key{scope.Lock("p")}", MapProject, cancellationToken, ("@key", key));

    private static Task<EnvironmentState?> FindEnvironmentAsync(SqlWriteScope scope, string projectKey, string key, CancellationToken cancellationToken) =>
        ReadOneAsync(
            scope.Connection,
            scope.Transaction,
            $"SELECT {EnvironmentColumns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE p.key = @project AND e.key = @key{scope.Lock("e")}",
            MapEnvironment,
            cancellationToken,
            ("@project", projectKey),
            ("@key", key));

    private static Task<List<EnvironmentState>> FindEnvironmentsAsync(SqlWriteScope scope, long projectId, CancellationToken cancellationToken) =>
        ReadManyAsync(
            scope.Connection,
            scope.Transaction,
            $"SELECT {EnvironmentColumns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE e.project_id = @project ORDER BY e.id{scope.Lock("e")}",
            MapEnvironment,
            cancellationToken,
            ("@project", projectId));
}
