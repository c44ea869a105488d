namespace Vexil.Server.Governance;

/// <summary>A change request as the audit log and webhooks show it (without its changes and difference, which the API serves).</summary>
internal sealed record ChangeRequestSummary(long Id, string Title, string? Description, string Author, string Status, long Revision, IReadOnlyList<string> Environments, IReadOnlyList<string> Flags)
{
    public static ChangeRequestSummary From(ChangeRequestState s) => new(s.Id, s.Title, s.Description, s.Author, s.Status, s.Revision, s.Environments, s.Flags);
}
