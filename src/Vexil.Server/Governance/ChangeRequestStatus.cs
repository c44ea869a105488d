namespace Vexil.Server.Governance;

/// <summary>Where a change request is: open for review, approved (enough approvals), rejected, withdrawn by its author, or applied.</summary>
internal static class ChangeRequestStatus
{
    public const string Open = "open";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Withdrawn = "withdrawn";
    public const string Applied = "applied";

    public static readonly IReadOnlyList<string> All = [Open, Approved, Rejected, Withdrawn, Applied];

    /// <summary>True while the request can still be reviewed, edited, rebased or withdrawn.</summary>
    public static bool IsActive(string status) => status is Open or Approved or Rejected;
}
