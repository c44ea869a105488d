using System.Text;
using Vexil.Server.Audit;

namespace Vexil.Server.Storage;

internal abstract partial class SqlControlPlaneStore
{
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT id, at, actor, action, project_key, environment_key, resource, before_state, after_state, request_id, comment FROM audit_log WHERE 1 = 1");
        var parameters = new List<(string, object?)> { ("@limit", (long)query.Limit) };
        if (query.Project is not null)
        {
            sql.Append(" AND project_key = @project");
            parameters.Add(("@project", query.Project));
        }

        if (query.Before is not null)
        {
            sql.Append(" AND id < @before");
            parameters.Add(("@before", query.Before.Value));
        }

        sql.Append(" ORDER BY id DESC LIMIT @limit");
        return await ReadManyAsync(
            sql.ToString(),
            r => new AuditEntry(
                r.GetInt64(0),
                FromMs(r.GetInt64(1)),
                r.GetString(2),
                r.GetString(3),
                NullableString(r, 4),
                NullableString(r, 5),
                r.GetString(6),
                r.IsDBNull(7) ? null : ParseJson(r.GetString(7)),
                r.IsDBNull(8) ? null : ParseJson(r.GetString(8)),
                NullableString(r, 9),
                NullableString(r, 10)),
            cancellationToken,
            [.. parameters]);
    }
}
