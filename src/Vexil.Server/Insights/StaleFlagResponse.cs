using Vexil.Events.Insights;

namespace Vexil.Server.Insights;

/// <summary>A stale flag with every reason that applies (<c>notEvaluated</c>, <c>singleVariation</c>, <c>pastExpectedLifetime</c>).</summary>
internal sealed record StaleFlagResponse(string Key, IReadOnlyList<string> Reasons, DateTimeOffset? LastEvaluated)
{
    public static StaleFlagResponse From(StaleFlag flag)
    {
        var reasons = new string[flag.Reasons.Count];
        for (var i = 0; i < reasons.Length; i++)
        {
            reasons[i] = Name(flag.Reasons[i]);
        }

        return new StaleFlagResponse(flag.Key, reasons, flag.LastEvaluated);
    }

    public static string Name(StaleReason reason) => reason switch
    {
        StaleReason.NotEvaluated => "notEvaluated",
        StaleReason.SingleVariation => "singleVariation",
        _ => "pastExpectedLifetime",
    };
}
