using System.Text.Json;
using Vexil.Server.Audit;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

/// <summary>Creating and rotating SDK keys: a new key never touches the environment's other keys; a rotation replaces one key.</summary>
internal sealed partial class AuthStore
{
    /// <summary>
    /// Adds a key of <paramref name="kind"/> named <paramref name="name"/> (when null: <c>default</c>, else the first free
    /// <c>default-N</c>); every other key keeps working. Conflict when an active key of that kind already has the name.
    /// </summary>
    public Task<WriteResult<SdkKeyState>> CreateSdkKeyAsync(long environmentId, string kind, string? name, string keyHash, string hint, IReadOnlyList<string> allowedOrigins, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var taken = await TakenNamesAsync(scope, environmentId, kind, cancellationToken);
            if (name is not null && taken.Contains(name))
            {
                return WriteResult<SdkKeyState>.Fail(WriteStatus.Conflict, $"An active {kind} key named '{name}' exists in this environment: choose another name, or rotate that key (POST …/sdk-keys/{{id}}/rotate).");
            }

            name ??= FreeName(taken);
            var key = await InsertAsync(scope, environmentId, kind, name, keyHash, hint, allowedOrigins, cancellationToken);
            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("sdkkey.create", null, null, $"environments/{environmentId}/sdk-keys/{key.Id}", null, key), cancellationToken);
            return WriteResult<SdkKeyState>.Ok(key, scope.Versions);
        }, cancellationToken);

    /// <summary>
    /// Replaces key <paramref name="id"/> with a new key of the same kind and name (and, unless given, the same origins):
    /// the old key works for <paramref name="overlap"/>, then expires. No other key changes. NotFound when there is no
    /// such key in the environment; Conflict when it is revoked, expired or already rotated out.
    /// </summary>
    public Task<WriteResult<SdkKeyState>> RotateSdkKeyAsync(long environmentId, long id, string keyHash, string hint, TimeSpan overlap, IReadOnlyList<string>? allowedOrigins, WriteContext context, CancellationToken cancellationToken) =>
        database.WriteAsync(async scope =>
        {
            var old = await scope.ReadOneAsync($"SELECT {SdkKeyColumns} FROM sdk_keys WHERE id = @id AND environment_id = @env", MapSdkKey, cancellationToken, ("@id", id), ("@env", environmentId));
            if (old is null)
            {
                return WriteResult<SdkKeyState>.Fail(WriteStatus.NotFound, $"There is no SDK key {id} in this environment.");
            }

            if (old.RevokedAt is not null || old.ExpiresAt is not null)
            {
                return WriteResult<SdkKeyState>.Fail(WriteStatus.Conflict, $"SDK key {id} ('{old.Name}') is {(old.RevokedAt is not null ? "revoked" : "already rotated out or expiring")}: rotate its successor, or create a new key.");
            }

            await scope.ExecuteAsync("UPDATE sdk_keys SET expires_at = @expires WHERE id = @id", cancellationToken, ("@expires", scope.Now + (long)overlap.TotalMilliseconds), ("@id", id));
            var key = await InsertAsync(scope, environmentId, old.Kind, old.Name, keyHash, hint, allowedOrigins ?? old.AllowedOrigins, cancellationToken);
            await AuditLog.AppendAsync(scope, context, AuditRecord.Of("sdkkey.rotate", null, null, $"environments/{environmentId}/sdk-keys/{key.Id}", null, new { Replaces = id, OverlapSeconds = (long)overlap.TotalSeconds, Key = key }), cancellationToken);
            return WriteResult<SdkKeyState>.Ok(key, scope.Versions);
        }, cancellationToken);

    private static async Task<HashSet<string>> TakenNamesAsync(SqlWriteScope scope, long environmentId, string kind, CancellationToken cancellationToken)
    {
        var names = await scope.ReadManyAsync(
            "SELECT name FROM sdk_keys WHERE environment_id = @env AND kind = @kind AND revoked_at IS NULL AND expires_at IS NULL",
            r => r.GetString(0),
            cancellationToken,
            ("@env", environmentId),
            ("@kind", kind));
        return [.. names];
    }

    private static string FreeName(HashSet<string> taken)
    {
        if (!taken.Contains(SdkKeyNames.Default))
        {
            return SdkKeyNames.Default;
        }

        var n = 2;
        while (taken.Contains($"{SdkKeyNames.Default}-{n}"))
        {
            n++;
        }

        return $"{SdkKeyNames.Default}-{n}";
    }

    private static async Task<SdkKeyState> InsertAsync(SqlWriteScope scope, long environmentId, string kind, string name, string keyHash, string hint, IReadOnlyList<string> allowedOrigins, CancellationToken cancellationToken)
    {
        var id = await scope.ScalarAsync(
            "INSERT INTO sdk_keys (environment_id, kind, name, key_hash, hint, created_at, allowed_origins) VALUES (@env, @kind, @name, @hash, @hint, @now, @origins) RETURNING id",
            cancellationToken,
            ("@env", environmentId),
            ("@kind", kind),
            ("@name", name),
            ("@hash", keyHash),
            ("@hint", hint),
            ("@now", scope.Now),
            ("@origins", allowedOrigins.Count == 0 ? null : JsonSerializer.Serialize(allowedOrigins)));
        return new SdkKeyState(id!.Value, environmentId, kind, hint, Database.FromMs(scope.Now), null, null) { Name = name, AllowedOrigins = allowedOrigins };
    }
}
