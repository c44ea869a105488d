namespace Vexil.Cluster.Tests.Faults;

/// <summary>
/// An SDK client evaluating flags in a loop (in this process, <see cref="SdkEvaluator"/>, or another release's SDK in a
/// process of its own): what the invariants read of it.
/// </summary>
internal interface IEvaluatingClient
{
    string Name { get; }

    /// <summary>The version of the rules it serves now.</summary>
    long Version { get; }

    long EvaluationCount { get; }

    /// <summary>Evaluations that threw, plus those that saw the served version go back.</summary>
    long FailureCount { get; }

    TimeSpan MaxEvaluation { get; }
}
