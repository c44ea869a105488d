using System.Data.Common;
using System.Text;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

/// <summary>Scheduled changes (<c>scheduled_changes</c>): listed per project, environment and flag; claimed by a conditional update when due.</summary>
internal sealed class ScheduleStore(Database database)
{
    private const string Columns =
        "s.id, s.project_id, p.key, s.change_request_id, s.title, s.author, s.changes, s.run_at, s.missed, s.status, s.late, s.environments, s.flags, s.detail, s.revision, s.created_at, s.updated_at, s.done_at";

    private const string From = "FROM scheduled_changes s JOIN projects p ON p.id = s.project_id";

    public Task<ScheduledChangeState?> GetAsync(string project, long id, CancellationToken cancellationToken) =>
        database.ReadOneAsync($"SELECT {Columns} {From} WHERE p.key = @project AND s.id = @id", Map, cancellationToken, ("@project", project), ("@id", id));

    /// <summary>The project's schedules, soonest first, by status, environment and flag.</summary>
    public async Task<IReadOnlyList<ScheduledChangeState>> ListAsync(string project, string? status, string? environment, string? flag, int limit, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Columns} {From} WHERE p.key = @project");
        var parameters = new List<(string, object?)> { ("@project", project), ("@limit", (long)limit) };
        if (status is not null)
        {
            sql.Append(" AND s.status = @status");
            parameters.Add(("@status", status));
        }

        if (environment is not null)
        {
            sql.Append(" AND s.environments LIKE @env");
            parameters.Add(("@env", $"%,{environment},%"));
        }

        if (flag is not null)
        {
            sql.Append(" AND s.flags LIKE @flag");
            parameters.Add(("@flag", $"%,{flag},%"));
        }

        sql.Append(" ORDER BY s.run_at, s.id LIMIT @limit");
        return await database.ReadManyAsync(sql.ToString(), Map, cancellationToken, [.. parameters]);
    }

    /// <summary>The pending schedules whose time has come, oldest first.</summary>
    public async Task<IReadOnlyList<ScheduledChangeState>> DueAsync(long now, int limit, CancellationToken cancellationToken) =>
        await database.ReadManyAsync($"SELECT {Columns} {From} WHERE s.status = @pending AND s.run_at <= @now ORDER BY s.run_at, s.id LIMIT @limit", Map, cancellationToken, ("@pending", ScheduleStatus.Pending), ("@now", now), ("@limit", (long)limit));

    public static async Task<long> InsertAsync(SqlWriteScope scope, ScheduledChangeState s, CancellationToken cancellationToken) =>
        (await scope.ScalarAsync(
            "INSERT INTO scheduled_changes (project_id, change_request_id, title, author, changes, run_at, missed, status, late, environments, flags, detail, revision, created_at, updated_at) " +
            "VALUES (@project, @request, @title, @author, @changes, @runAt, @missed, @status, 0, @envs, @flags, NULL, 1, @now, @now) RETURNING id",
            cancellationToken,
            ("@project", s.ProjectId),
            ("@request", s.ChangeRequestId),
            ("@title", s.Title),
            ("@author", s.Author),
            ("@changes", s.ChangesJson),
            ("@runAt", s.RunAt.ToUnixTimeMilliseconds()),
            ("@missed", s.Missed),
            ("@status", ScheduleStatus.Pending),
            ("@envs", ChangeRequestJson.List(s.Environments)),
            ("@flags", ChangeRequestJson.List(s.Flags)),
            ("@now", scope.Now)))!.Value;

    public static Task<ScheduledChangeState?> FindAsync(SqlWriteScope scope, long id, CancellationToken cancellationToken) =>
        scope.ReadOneAsync($"SELECT {Columns} {From} WHERE s.id = @id", Map, cancellationToken, ("@id", id));

    /// <summary>
    /// Writes <paramref name="next"/> only if the row is still pending at <paramref name="revision"/>: the claim. Of two
    /// replicas updating the same row, the second waits for the first to commit (PostgreSQL) and then matches nothing.
    /// </summary>
    public static async Task<bool> UpdateIfPendingAsync(SqlWriteScope scope, long revision, ScheduledChangeState next, CancellationToken cancellationToken) =>
        await scope.ExecuteAsync(
            "UPDATE scheduled_changes SET title = @title, changes = @changes, run_at = @runAt, missed = @missed, status = @status, late = @late, environments = @envs, flags = @flags, detail = @detail, " +
            "revision = @next, updated_at = @now, done_at = @doneAt WHERE id = @id AND status = @pending AND revision = @revision",
            cancellationToken,
            ("@id", next.Id),
            ("@title", next.Title),
            ("@changes", next.ChangesJson),
            ("@runAt", next.RunAt.ToUnixTimeMilliseconds()),
            ("@missed", next.Missed),
            ("@status", next.Status),
            ("@late", next.Late ? 1L : 0L),
            ("@envs", ChangeRequestJson.List(next.Environments)),
            ("@flags", ChangeRequestJson.List(next.Flags)),
            ("@detail", next.Detail),
            ("@next", revision + 1),
            ("@now", scope.Now),
            ("@doneAt", next.DoneAt?.ToUnixTimeMilliseconds()),
            ("@pending", ScheduleStatus.Pending),
            ("@revision", revision)) == 1;

    private static ScheduledChangeState Map(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetString(2),
        Database.NullableInt64(r, 3),
        r.GetString(4),
        r.GetString(5),
        Database.NullableString(r, 6),
        Database.FromMs(r.GetInt64(7)),
        r.GetString(8),
        r.GetString(9),
        r.GetInt64(10) != 0,
        ChangeRequestJson.ParseList(r.GetString(11)),
        ChangeRequestJson.ParseList(r.GetString(12)),
        Database.NullableString(r, 13),
        r.GetInt64(14),
        Database.FromMs(r.GetInt64(15)),
        Database.FromMs(r.GetInt64(16)),
        Database.NullableInt64(r, 17) is { } done ? Database.FromMs(done) : null);
}
