namespace Vexil.Server.Governance;

/// <summary>One review of a change request: an approval, a rejection or a comment, on the revision it was given on.</summary>
internal sealed record ChangeRequestReview(long Id, string Actor, string Kind, string? Body, long Revision, DateTimeOffset At)
{
    public const string Approval = "approved";
    public const string Rejection = "rejected";
    public const string Comment = "commented";
}
