namespace Vexil.Core.Bucketing;

/// <summary>A bucketing algorithm bound to one salt. Thread-safe; <see cref="Bucket"/> never allocates.</summary>
public abstract class Bucketer
{
    /// <summary>The bucket of a value, in [0, 100,000).</summary>
    public abstract int Bucket(ReadOnlySpan<char> value);

    /// <summary>
    /// True when only a string attribute (an empty one included) or the targeting key is bucketed, with no fallback
    /// to the targeting key and no number formatting (flagd's semantics); false for <c>vexil-v1</c>.
    /// </summary>
    public virtual bool StringValuesOnly => false;
}
