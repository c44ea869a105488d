using Vexil.Server.Environments;

namespace Vexil.Server.Storage;

internal abstract partial class SqlControlPlaneStore
{
    public async Task<ChangeEntry?> GetFlagChangeAtAsync(long environmentId, string flagKey, long version, CancellationToken cancellationToken)
    {
        var changes = await ReadManyAsync(
            "SELECT version, kind, key, operation, payload, at FROM change_log WHERE environment_id = @env AND kind = 'flag' AND key = @key AND version <= @version ORDER BY version DESC LIMIT 1",
            r => new ChangeEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : ParseJson(r.GetString(4)), FromMs(r.GetInt64(5))),
            cancellationToken,
            ("@env", environmentId),
            ("@key", flagKey),
            ("@version", version));
        return changes.Count == 0 ? null : changes[0];
    }
}
