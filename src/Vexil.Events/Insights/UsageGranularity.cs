namespace Vexil.Events.Insights;

/// <summary>The width of the buckets a usage query returns (UTC-aligned).</summary>
public enum UsageGranularity
{
    /// <summary>One bucket per minute; periods already rolled up come back as one bucket at the start of each hour.</summary>
    Minute = 60,

    /// <summary>One bucket per hour.</summary>
    Hour = 3600,

    /// <summary>One bucket per UTC day.</summary>
    Day = 86400,
}
