using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Vexil.Server.Flags;
using Vexil.Server.Storage;

namespace Vexil.Benchmarks.ControlPlane;

/// <summary>
/// Seeds a project whose every environment holds the same <c>n</c> flags. The store creates the project and its
/// environments; the flags go in by bulk SQL in one transaction, leaving the rows a store write would leave (flag,
/// configuration in every environment, change-log entry, environment at version 1). Creating them one by one
/// through the store validates the whole environment at every write, which is quadratic: hours for 10,000 flags.
/// The result is checked with the same validator the store uses, so a seed that writes would reject fails loudly.
/// </summary>
internal static class ControlPlaneSeeder
{
    private const int BatchSize = 500;

    private const string InsertFlagSql =
        "INSERT INTO flags (project_id, key, type, name, description, tags, lifetime, variations, revision, created_at, updated_at) " +
        "VALUES (@project, @key, @type, @name, @description, @tags, @lifetime, @variations, 1, @now, @now)";

    private const string InsertConfigSql =
        "INSERT INTO flag_configs (environment_id, flag_key, enabled, off_variation, salt, prerequisites, targets, rules, fallthrough, revision, version, updated_at) " +
        "VALUES (@env, @key, @enabled, @off, @salt, @prerequisites, @targets, @rules, @fallthrough, 1, 1, @now)";

    private const string InsertChangeSql =
        "INSERT INTO change_log (environment_id, version, kind, key, operation, payload, at) VALUES (@env, 1, 'flag', @key, 'upsert', @payload, @now)";

    /// <summary>Creates project <paramref name="projectKey"/> with <paramref name="flagCount"/> flags in each environment.</summary>
    public static async Task SeedAsync(BenchmarkStore host, string projectKey, int flagCount)
    {
        var started = Stopwatch.GetTimestamp();
        var store = host.Store;
        var created = await store.CreateProjectAsync(projectKey, projectKey, WriteContext.System, CancellationToken.None);
        if (created.Status != WriteStatus.Ok)
        {
            throw new InvalidOperationException($"Creating project '{projectKey}' failed: {created.Status}.");
        }

        var projectId = created.Value!.Id;
        var environments = await store.ListEnvironmentsAsync(projectKey, CancellationToken.None);
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var connection = await host.OpenAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var bulk = new Bulk(connection, transaction);
            for (var i = 0; i < flagCount; i++)
            {
                var definition = SeedFlags.Definition(i);
                await bulk.AddAsync(
                    InsertFlagSql,
                    ("@project", projectId),
                    ("@key", definition.Key),
                    ("@type", definition.Type),
                    ("@name", definition.Name),
                    ("@description", definition.Description),
                    ("@tags", SqlControlPlaneStore.ToJson(definition.Tags)),
                    ("@lifetime", definition.Lifetime),
                    ("@variations", definition.Variations.GetRawText()),
                    ("@now", now));
            }

            foreach (var environment in environments)
            {
                await bulk.AddAsync("UPDATE environments SET version = 1, updated_at = @now WHERE id = @id", ("@now", now), ("@id", environment.Id));
                for (var i = 0; i < flagCount; i++)
                {
                    var definition = SeedFlags.Definition(i);
                    var config = SeedFlags.Config(i);
                    await bulk.AddAsync(
                        InsertConfigSql,
                        ("@env", environment.Id),
                        ("@key", definition.Key),
                        ("@enabled", config.Enabled ? 1L : 0L),
                        ("@off", config.OffVariation),
                        ("@salt", config.Salt),
                        ("@prerequisites", config.Prerequisites.GetRawText()),
                        ("@targets", config.Targets.GetRawText()),
                        ("@rules", config.Rules.GetRawText()),
                        ("@fallthrough", config.Fallthrough.GetRawText()),
                        ("@now", now));
                    await bulk.AddAsync(InsertChangeSql, ("@env", environment.Id), ("@key", definition.Key), ("@payload", NativeFlagWriter.ToJson(definition, config, 1)), ("@now", now));
                }
            }

            await bulk.FlushAsync();
            await transaction.CommitAsync();
            if (host.Kind == StoreKind.Postgres)
            {
                // What autovacuum would have done by the time a real database holds this many flags.
                await using var analyze = SqlControlPlaneStore.Command(connection, null, "VACUUM ANALYZE");
                await analyze.ExecuteNonQueryAsync();
            }
        }

        foreach (var environment in environments)
        {
            var ruleset = await store.GetRulesetJsonAsync(environment.Id, CancellationToken.None)
                ?? throw new InvalidOperationException($"Environment {environment.Key} vanished.");
            var errors = new CoreFlagValidator().Validate(ruleset.Utf8Json);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"The seeded ruleset is invalid: {string.Join("; ", errors.Take(5))}");
            }
        }

        Console.WriteLine($"// seeded {flagCount:N0} flags x {environments.Count} environments into {host.Kind} in {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s");
    }

    /// <summary>Runs commands in one transaction, in batches of <see cref="BatchSize"/> where the provider supports <see cref="DbBatch"/>.</summary>
    private sealed class Bulk(DbConnection connection, DbTransaction transaction)
    {
        private DbBatch? _batch;

        [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "SQL text is constant; values are parameters.")]
        public async Task AddAsync(string sql, params (string Name, object? Value)[] parameters)
        {
            if (!connection.CanCreateBatch)
            {
                await using var command = SqlControlPlaneStore.Command(connection, transaction, sql, parameters);
                await command.ExecuteNonQueryAsync();
                return;
            }

            _batch ??= NewBatch();
            var batchCommand = _batch.CreateBatchCommand();
            batchCommand.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = batchCommand.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                batchCommand.Parameters.Add(parameter);
            }

            _batch.BatchCommands.Add(batchCommand);
            if (_batch.BatchCommands.Count >= BatchSize)
            {
                await FlushAsync();
            }
        }

        public async Task FlushAsync()
        {
            if (_batch is null)
            {
                return;
            }

            await using var batch = _batch;
            _batch = null;
            await batch.ExecuteNonQueryAsync();
        }

        private DbBatch NewBatch()
        {
            var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            return batch;
        }
    }
}
