namespace Vexil.Core.Bucketing;

/// <summary>
/// Maps (salt, bucketing value) to a bucket in [0, <see cref="BucketCount"/>). A rollout names its algorithm,
/// so algorithms compatible with other systems can be added without changing the evaluator.
/// Implementations are stateless, thread-safe and allocation-free per bucket.
/// </summary>
public abstract class BucketingAlgorithm
{
    /// <summary>The number of buckets: 100% in steps of 0.001%.</summary>
    public const int BucketCount = 100_000;

    /// <summary>The name a rollout uses to select this algorithm.</summary>
    public abstract string Name { get; }

    /// <summary>Prepares the algorithm for one salt (once, when a flag compiles).</summary>
    public abstract Bucketer ForSalt(string salt);

    /// <summary>The bucket of a value under a salt, in [0, 100,000). Prepares the salt on each call: prefer <see cref="ForSalt"/>.</summary>
    public int Bucket(string salt, ReadOnlySpan<char> value) => ForSalt(salt).Bucket(value);

    /// <summary>Finds a registered algorithm by name.</summary>
    public static bool TryGet(string name, out BucketingAlgorithm algorithm)
    {
        if (string.Equals(name, VexilV1Bucketing.AlgorithmName, StringComparison.Ordinal))
        {
            algorithm = VexilV1Bucketing.Instance;
            return true;
        }

        if (string.Equals(name, FlagdFractionalBucketing.AlgorithmName, StringComparison.Ordinal))
        {
            algorithm = FlagdFractionalBucketing.Instance;
            return true;
        }

        algorithm = null!;
        return false;
    }
}
