using System.Data.Common;
using System.Text;
using Vexil.Server.Changes;
using Vexil.Server.Projects;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

/// <summary>Change requests and their reviews (<c>change_requests</c>, <c>change_request_reviews</c>).</summary>
internal sealed class ChangeRequestStore(Database database)
{
    private const string Columns =
        "c.id, c.project_id, p.key, c.title, c.description, c.author, c.origin, c.status, c.changes, c.bases, c.diff, c.environments, c.flags, c.revision, c.created_at, c.updated_at, c.applied_at, c.applied_by";

    private const string From = "FROM change_requests c JOIN projects p ON p.id = c.project_id";

    public Task<ChangeRequestState?> GetAsync(string project, long id, CancellationToken cancellationToken) =>
        database.ReadOneAsync($"SELECT {Columns} {From} WHERE p.key = @project AND c.id = @id", Map, cancellationToken, ("@project", project), ("@id", id));

    /// <summary>The project's change requests, newest first, by status, environment and flag.</summary>
    public async Task<IReadOnlyList<ChangeRequestState>> ListAsync(string project, string? status, string? environment, string? flag, int limit, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Columns} {From} WHERE p.key = @project");
        var parameters = new List<(string, object?)> { ("@project", project), ("@limit", (long)limit) };
        if (status is not null)
        {
            sql.Append(" AND c.status = @status");
            parameters.Add(("@status", status));
        }

        if (environment is not null)
        {
            sql.Append(" AND c.environments LIKE @env");
            parameters.Add(("@env", $"%,{environment},%"));
        }

        if (flag is not null)
        {
            sql.Append(" AND c.flags LIKE @flag");
            parameters.Add(("@flag", $"%,{flag},%"));
        }

        sql.Append(" ORDER BY c.id DESC LIMIT @limit");
        return await database.ReadManyAsync(sql.ToString(), Map, cancellationToken, [.. parameters]);
    }

    public async Task<IReadOnlyList<ChangeRequestReview>> ReviewsAsync(long id, CancellationToken cancellationToken) =>
        await database.ReadManyAsync("SELECT id, actor, kind, body, revision, at FROM change_request_reviews WHERE change_request_id = @id ORDER BY id", MapReview, cancellationToken, ("@id", id));

    /// <summary>Stores a proposed set as a new open change request, audited and sent as a webhook.</summary>
    public static Task<WriteResult<ChangeRequestState>> CreateAsync(Database database, ChangeSet set, WriteResult<ChangeOutcome> proposal, string? title, string? description, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async scope =>
            {
                if (await ProjectStore.FindAsync(scope, set.Project, cancellationToken) is not { } project)
                {
                    return WriteResult<ChangeRequestState>.Fail(WriteStatus.NotFound, $"No project '{set.Project}'.");
                }

                var id = await scope.ScalarAsync(
                    "INSERT INTO change_requests (project_id, title, description, author, origin, status, changes, bases, diff, environments, flags, revision, created_at, updated_at) " +
                    "VALUES (@project, @title, @description, @author, @origin, @status, @changes, @bases, @diff, @envs, @flags, 1, @now, @now) RETURNING id",
                    cancellationToken,
                    ("@project", project.Id),
                    ("@title", title ?? ChangeRequestJson.TitleOf(set.Changes)),
                    ("@description", description),
                    ("@author", set.Context.Actor),
                    ("@origin", set.Origin.ToString().ToLowerInvariant()),
                    ("@status", ChangeRequestStatus.Open),
                    ("@changes", ChangeRequestJson.WriteChanges(set.Changes)),
                    ("@bases", ChangeRequestJson.WriteBases(proposal.Value!.Bases)),
                    ("@diff", ChangeRequestJson.WriteDiff(proposal.Value!.Records)),
                    ("@envs", ChangeRequestJson.List(proposal.Versions.Keys.Order(StringComparer.Ordinal))),
                    ("@flags", ChangeRequestJson.List(ChangeRequestJson.FlagsOf(set.Changes))),
                    ("@now", scope.Now));
                var state = (await FindAsync(scope, id!.Value, cancellationToken))!;
                await GovernanceEvents.RequestAsync(scope, set.Context, GovernanceEvents.RequestCreated, null, state, cancellationToken);
                return WriteResult<ChangeRequestState>.Ok(state, scope.Versions);
            },
            cancellationToken);

    /// <summary>The request, locked for the rest of the write where writers run side by side.</summary>
    public static Task<ChangeRequestState?> FindAsync(SqlWriteScope scope, long id, CancellationToken cancellationToken) =>
        scope.ReadOneAsync($"SELECT {Columns} {From} WHERE c.id = @id{scope.Lock("c")}", Map, cancellationToken, ("@id", id));

    /// <summary>Writes what a review step changed (status, text, changes, bases, difference, revision).</summary>
    public static Task UpdateAsync(SqlWriteScope scope, ChangeRequestState s, CancellationToken cancellationToken) =>
        scope.ExecuteAsync(
            "UPDATE change_requests SET title = @title, description = @description, status = @status, changes = @changes, bases = @bases, diff = @diff, environments = @envs, flags = @flags, " +
            "revision = @revision, updated_at = @now, applied_at = @appliedAt, applied_by = @appliedBy WHERE id = @id",
            cancellationToken,
            ("@id", s.Id),
            ("@title", s.Title),
            ("@description", s.Description),
            ("@status", s.Status),
            ("@changes", s.ChangesJson),
            ("@bases", s.BasesJson),
            ("@diff", s.DiffJson),
            ("@envs", ChangeRequestJson.List(s.Environments)),
            ("@flags", ChangeRequestJson.List(s.Flags)),
            ("@revision", s.Revision),
            ("@now", scope.Now),
            ("@appliedAt", s.AppliedAt?.ToUnixTimeMilliseconds()),
            ("@appliedBy", s.AppliedBy));

    public static Task AddReviewAsync(SqlWriteScope scope, long id, string actor, string kind, string? body, long revision, CancellationToken cancellationToken) =>
        scope.ExecuteAsync(
            "INSERT INTO change_request_reviews (change_request_id, actor, kind, body, revision, at) VALUES (@id, @actor, @kind, @body, @revision, @now)",
            cancellationToken,
            ("@id", id),
            ("@actor", actor),
            ("@kind", kind),
            ("@body", body),
            ("@revision", revision),
            ("@now", scope.Now));

    /// <summary>The distinct approvers of the request's current revision.</summary>
    public static async Task<IReadOnlyList<string>> ApproversAsync(SqlWriteScope scope, long id, long revision, CancellationToken cancellationToken) =>
        await scope.ReadManyAsync(
            "SELECT DISTINCT actor FROM change_request_reviews WHERE change_request_id = @id AND revision = @revision AND kind = @kind",
            r => r.GetString(0),
            cancellationToken,
            ("@id", id),
            ("@revision", revision),
            ("@kind", ChangeRequestReview.Approval));

    private static ChangeRequestState Map(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetString(2),
        r.GetString(3),
        Database.NullableString(r, 4),
        r.GetString(5),
        r.GetString(6),
        r.GetString(7),
        r.GetString(8),
        r.GetString(9),
        r.GetString(10),
        ChangeRequestJson.ParseList(r.GetString(11)),
        ChangeRequestJson.ParseList(r.GetString(12)),
        r.GetInt64(13),
        Database.FromMs(r.GetInt64(14)),
        Database.FromMs(r.GetInt64(15)),
        Database.NullableInt64(r, 16) is { } applied ? Database.FromMs(applied) : null,
        Database.NullableString(r, 17));

    private static ChangeRequestReview MapReview(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), Database.NullableString(r, 3), r.GetInt64(4), Database.FromMs(r.GetInt64(5)));
}
