namespace Vexil.Core.Bucketing;

/// <summary>A bucketing algorithm bound to one salt. Thread-safe; <see cref="Bucket"/> never allocates.</summary>
public abstract class Bucketer
{
    /// <summary>The bucket of a value, in [0, 100,000).</summary>
    public abstract int Bucket(ReadOnlySpan<char> value);
}
