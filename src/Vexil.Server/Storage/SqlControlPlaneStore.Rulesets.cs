using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Vexil.Core.Serialization;
using Vexil.Server.Environments;
using Vexil.Server.Flags;
using Vexil.Server.Segments;

namespace Vexil.Server.Storage;

internal abstract partial class SqlControlPlaneStore
{
    /// <summary>Begins a read-only transaction that sees one consistent snapshot.</summary>
    protected virtual async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    public async Task<RulesetDocument?> GetRulesetJsonAsync(long environmentId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginReadAsync(connection, cancellationToken);
        var environment = await ReadOneAsync(
            connection,
            transaction,
            $"SELECT {EnvironmentColumns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE e.id = @id",
            MapEnvironment,
            cancellationToken,
            ("@id", environmentId));
        if (environment is null)
        {
            return null;
        }

        var (json, _, _) = await BuildRulesetAsync(connection, transaction, environment, environment.Version, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RulesetDocument(environment.Version, json);
    }

    /// <summary>Writes the environment's ruleset as it is inside this connection's transaction; flags and segments ordered by key (ordinal).</summary>
    private static async Task<(byte[] Json, List<string> FlagKeys, List<string> SegmentKeys)> BuildRulesetAsync(
        DbConnection connection,
        DbTransaction? transaction,
        EnvironmentState environment,
        long version,
        CancellationToken cancellationToken)
    {
        var flags = await FindEnvironmentFlagsAsync(connection, transaction, environment, cancellationToken);
        flags.Sort((a, b) => string.CompareOrdinal(a.Definition.Key, b.Definition.Key));
        var segments = await FindSegmentsAsync(connection, transaction, environment, cancellationToken);
        segments.Sort((a, b) => string.CompareOrdinal(a.Data.Key, b.Data.Key));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("formatVersion", 1);
            writer.WriteString("environment", environment.Key);
            writer.WriteNumber("version", version);
            writer.WriteStartArray("flags");
            foreach (var flag in flags)
            {
                NativeFlagWriter.Write(writer, flag.Definition, flag.Config, flag.Version);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("segments");
            foreach (var segment in segments)
            {
                NativeSegmentWriter.Write(writer, segment.Data);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return (buffer.ToArray(), flags.ConvertAll(f => f.Definition.Key), segments.ConvertAll(s => s.Data.Key));
    }

    /// <summary>
    /// Validates the environment's ruleset as this write leaves it. Errors inside the written flag or segment get
    /// paths relative to it (<c>flags[4].rules[0]</c> becomes <c>rules[0]</c>): the request body's paths.
    /// </summary>
    private async Task<IReadOnlyList<ValidationError>> ValidateInScopeAsync(SqlWriteScope scope, EnvironmentState environment, string? kind, string? key, CancellationToken cancellationToken)
    {
        var version = scope.Versions.TryGetValue(environment.Key, out var v) ? v : environment.Version;
        var (json, flagKeys, segmentKeys) = await BuildRulesetAsync(scope.Connection, scope.Transaction, environment, version, cancellationToken);
        var errors = Validator.Validate(json);
        if (errors.Count == 0)
        {
            return errors;
        }

        var index = kind switch
        {
            "flags" => flagKeys.IndexOf(key!),
            "segments" => segmentKeys.IndexOf(key!),
            _ => -1,
        };
        var prefix = index < 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{kind}[{index}]");
        var mapped = new List<ValidationError>(errors.Count);
        foreach (var error in errors)
        {
            if (prefix is not null && error.Path.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = error.Path[prefix.Length..];
                mapped.Add(error with { Path = rest.StartsWith('.') ? rest[1..] : rest });
            }
            else
            {
                mapped.Add(error with { Message = $"{error.Message} (in environment '{environment.Key}')" });
            }
        }

        return mapped;
    }

    public async Task<IReadOnlyList<ChangeEntry>> GetChangesAsync(long environmentId, long sinceVersion, int limit, CancellationToken cancellationToken) =>
        await ReadManyAsync(
            "SELECT version, kind, key, operation, payload, at FROM change_log WHERE environment_id = @env AND version > @since ORDER BY version, kind, key LIMIT @limit",
            r => new ChangeEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : ParseJson(r.GetString(4)), FromMs(r.GetInt64(5))),
            cancellationToken,
            ("@env", environmentId),
            ("@since", sinceVersion),
            ("@limit", (long)limit));
}
