using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vexil.Server.Storage;

namespace Vexil.Server.Audit;

/// <summary>
/// The audit log: every mutation, appended inside the mutation's own transaction (a rolled-back write leaves no record),
/// with the actor, the request, the comment and the structured difference. Read only through the API.
/// </summary>
internal sealed class AuditLog(Database database)
{
    private const string Columns = "id, at, actor, action, project_key, environment_key, resource, before_state, after_state, request_id, comment, diff";

    public static async Task AppendAsync(SqlWriteScope scope, WriteContext context, AuditRecord record, CancellationToken cancellationToken)
    {
        var changes = AuditChanges.Compare(record.Before, record.After);
        await scope.ExecuteAsync(
            "INSERT INTO audit_log (at, actor, action, project_key, environment_key, resource, before_state, after_state, request_id, comment, diff) " +
            "VALUES (@at, @actor, @action, @project, @env, @resource, @before, @after, @request, @comment, @diff)",
            cancellationToken,
            ("@at", scope.Now),
            ("@actor", context.Actor),
            ("@action", record.Action),
            ("@project", record.Project),
            ("@env", record.Environment),
            ("@resource", record.Resource),
            ("@before", record.Before?.GetRawText()),
            ("@after", record.After?.GetRawText()),
            ("@request", context.RequestId),
            ("@comment", context.Comment),
            ("@diff", JsonSerializer.Serialize(changes, JsonSerializerOptions.Web)));
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM audit_log WHERE 1 = 1");
        var parameters = new List<(string, object?)> { ("@limit", (long)query.Limit) };
        void Filter(string clause, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(clause);
                parameters.Add((name, value));
            }
        }

        Filter("project_key = @project", "@project", query.Project);
        Filter("id < @before", "@before", query.Before);
        Filter("environment_key = @env", "@env", query.Environment);
        Filter("actor = @actor", "@actor", query.Actor);
        Filter("at >= @from", "@from", query.From?.ToUnixTimeMilliseconds());
        Filter("at < @to", "@to", query.To?.ToUnixTimeMilliseconds());
        if (query.Resource is { } resource)
        {
            // A flag's own entries, and its entries in every environment (…/environments/e/flags/f).
            var flag = ParseFlagResource(resource);
            if (flag is { } f)
            {
                sql.Append(" AND (resource = @resource OR resource LIKE @anyEnv ESCAPE '\\')");
                parameters.Add(("@resource", resource));
                parameters.Add(("@anyEnv", string.Create(CultureInfo.InvariantCulture, $"projects/{EscapeLike(f.Project)}/environments/%/flags/{EscapeLike(f.Flag)}")));
            }
            else
            {
                Filter("resource = @resource", "@resource", resource);
            }
        }

        if (query.ResourcePrefixes is { Count: > 0 } prefixes)
        {
            sql.Append(" AND (");
            for (var i = 0; i < prefixes.Count; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@prefix{i}");
                sql.Append(i == 0 ? string.Empty : " OR ").Append("resource LIKE ").Append(name).Append(" ESCAPE '\\'");
                parameters.Add((name, EscapeLike(prefixes[i]) + "%"));
            }

            sql.Append(')');
        }

        sql.Append(" ORDER BY id DESC LIMIT @limit");
        return await database.ReadManyAsync(sql.ToString(), Map, cancellationToken, [.. parameters]);
    }

    private static (string Project, string Flag)? ParseFlagResource(string resource)
    {
        var parts = resource.Split('/');
        return parts is ["projects", var project, "flags", var flag] ? (project, flag) : null;
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static AuditEntry Map(DbDataReader r) =>
        new(
            r.GetInt64(0),
            Database.FromMs(r.GetInt64(1)),
            r.GetString(2),
            r.GetString(3),
            Database.NullableString(r, 4),
            Database.NullableString(r, 5),
            r.GetString(6),
            r.IsDBNull(7) ? null : JsonSerializer.Deserialize<JsonElement>(r.GetString(7)),
            r.IsDBNull(8) ? null : JsonSerializer.Deserialize<JsonElement>(r.GetString(8)),
            Database.NullableString(r, 9),
            Database.NullableString(r, 10),
            r.IsDBNull(11) ? null : JsonSerializer.Deserialize<List<AuditChange>>(r.GetString(11), JsonSerializerOptions.Web));
}
