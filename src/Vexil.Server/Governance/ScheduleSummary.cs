namespace Vexil.Server.Governance;

/// <summary>A schedule as the audit log and webhooks show it.</summary>
internal sealed record ScheduleSummary(long Id, string Title, string Author, long? ChangeRequest, DateTimeOffset RunAt, string Missed, string Status, bool Late, string? Detail, IReadOnlyList<string> Environments, IReadOnlyList<string> Flags)
{
    public static ScheduleSummary From(ScheduledChangeState s) => new(s.Id, s.Title, s.Author, s.ChangeRequestId, s.RunAt, s.Missed, s.Status, s.Late, s.Detail, s.Environments, s.Flags);
}
