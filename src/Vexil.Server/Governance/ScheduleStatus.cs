namespace Vexil.Server.Governance;

/// <summary>Where a schedule is: pending until its time, then applied, skipped (missed with <c>skip</c>), failed, or cancelled before it ran.</summary>
internal static class ScheduleStatus
{
    public const string Pending = "pending";
    public const string Applied = "applied";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Pending, Applied, Skipped, Failed, Cancelled];

    /// <summary>What a schedule does when every replica was down at its time: apply on return (marked late) or skip.</summary>
    public const string MissedApply = "apply";

    public const string MissedSkip = "skip";
}
