namespace Vexil.Delivery.Persistence;

/// <summary>When <see cref="LastKnownGoodFile"/> folds its journal of changes into the document.</summary>
public sealed record LastKnownGoodOptions
{
    /// <summary>The defaults.</summary>
    public static LastKnownGoodOptions Default { get; } = new();

    /// <summary>After this long without a new change, the document is rewritten at the latest version (off the publishing path).</summary>
    public TimeSpan CompactAfterQuiet { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A journal larger than this (or than a quarter of the document, whichever is larger) is folded at once, in the background.</summary>
    public long CompactAboveBytes { get; init; } = 256 * 1024;
}
