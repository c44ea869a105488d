using System.Data.Common;
using System.Text.Json;
using Vexil.Server.Audit;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth;

internal sealed partial class AuthStore
{
    public Task<SdkKeyState?> SetSdkKeyOriginsAsync(long environmentId, long id, IReadOnlyList<string> allowedOrigins, WriteContext context, CancellationToken cancellationToken) =>
        WriteNullableAsync(async scope =>
        {
            var key = await scope.ReadOneAsync($"SELECT {SdkKeyColumns} FROM sdk_keys WHERE id = @id AND environment_id = @env", MapSdkKey, cancellationToken, ("@id", id), ("@env", environmentId));
            return key is null
                ? WriteResult<SdkKeyState>.Fail(WriteStatus.NotFound)
                : WriteResult<SdkKeyState>.Ok(await SetOriginsAsync(scope, key, allowedOrigins, context, cancellationToken), scope.Versions);
        }, cancellationToken);

    /// <summary>Sets a key's browser origins and audits it, inside a caller's write (the key API's, or a flags file's change set).</summary>
    public static async Task<SdkKeyState> SetOriginsAsync(SqlWriteScope scope, SdkKeyState key, IReadOnlyList<string> allowedOrigins, WriteContext context, CancellationToken cancellationToken)
    {
        await scope.ExecuteAsync(
            "UPDATE sdk_keys SET allowed_origins = @origins WHERE id = @id",
            cancellationToken,
            ("@origins", allowedOrigins.Count == 0 ? null : JsonSerializer.Serialize(allowedOrigins)),
            ("@id", key.Id));
        await AuditLog.AppendAsync(scope, context, AuditRecord.Of("sdkkey.origins", null, null, $"environments/{key.EnvironmentId}/sdk-keys/{key.Id}", new { key.AllowedOrigins }, new { AllowedOrigins = allowedOrigins }), cancellationToken);
        return key with { AllowedOrigins = allowedOrigins };
    }

    /// <summary>The environment's active client keys named <paramref name="name"/> (the current key and any being rotated out), locked for the caller's write.</summary>
    public static Task<List<SdkKeyState>> ActiveClientKeysNamedAsync(SqlWriteScope scope, long environmentId, string name, CancellationToken cancellationToken) =>
        scope.ReadManyAsync(
            $"SELECT {SdkKeyColumns} FROM sdk_keys WHERE environment_id = @env AND kind = 'client' AND name = @name AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now) ORDER BY id{scope.Lock("sdk_keys")}",
            MapSdkKey,
            cancellationToken,
            ("@env", environmentId),
            ("@name", name),
            ("@now", scope.Now));

    public async Task<IReadOnlyList<ClientKeyState>> ListActiveClientKeysAsync(long environmentId, CancellationToken cancellationToken) =>
        await database.ReadManyAsync(
            "SELECT key_hash, allowed_origins, expires_at FROM sdk_keys WHERE environment_id = @env AND kind = 'client' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now) ORDER BY id",
            r => new ClientKeyState(r.GetString(0), ReadOrigins(r, 1), Database.NullableInt64(r, 2) is { } e ? Database.FromMs(e) : null),
            cancellationToken,
            ("@env", environmentId),
            ("@now", database.Now()));

    public async Task<IReadOnlyList<(SdkKeyState Key, string KeyHash)>> FindSdkKeysByHashPrefixAsync(string hashPrefix, CancellationToken cancellationToken) =>
        await database.ReadManyAsync(
            $"SELECT {SdkKeyColumns}, key_hash FROM sdk_keys WHERE key_hash >= @low AND key_hash < @high",
            r => (MapSdkKey(r), r.GetString(9)),
            cancellationToken,
            ("@low", hashPrefix),
            ("@high", hashPrefix + "g")); // after every lower-case hex digit

    public async Task<IReadOnlyList<string>> ListClientKeyOriginsAsync(CancellationToken cancellationToken)
    {
        var lists = await database.ReadManyAsync(
            "SELECT allowed_origins FROM sdk_keys WHERE kind = 'client' AND allowed_origins IS NOT NULL AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now)",
            r => ReadOrigins(r, 0),
            cancellationToken,
            ("@now", database.Now()));
        return [.. lists.SelectMany(l => l).Distinct(StringComparer.Ordinal)];
    }

    private static IReadOnlyList<string> ReadOrigins(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : JsonSerializer.Deserialize<string[]>(reader.GetString(ordinal)) ?? [];

    private async Task<T?> WriteNullableAsync<T>(Func<SqlWriteScope, Task<WriteResult<T>>> write, CancellationToken cancellationToken)
        where T : class
    {
        var result = await database.WriteAsync(write, cancellationToken);
        return result.Status == WriteStatus.Ok ? result.Value : null;
    }
}
