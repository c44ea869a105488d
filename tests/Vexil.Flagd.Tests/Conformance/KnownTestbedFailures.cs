namespace Vexil.Flagd.Tests.Conformance;

/// <summary>
/// THE list of testbed cases that run and are known to fail, each with the reason. The conformance test asserts that
/// these still fail (so the list cannot go stale) and that every other case passes. Nothing here is a bug in the
/// evaluator as far as we know; each entry expects behaviour that is not an in-process evaluator's to give.
/// </summary>
public static class KnownTestbedFailures
{
    private const string Deprecated =
        "@deprecated scenario 'Resolves flag with no defaultValue correctly': expects ERROR/FLAG_NOT_FOUND for a flag without a default "
        + "variant. The feature file marks it deprecated in favour of @no-default-variant, whose cases (run and passing) expect "
        + "reason DEFAULT for the same inputs; both cannot pass.";

    private const string Caching =
        "@rpc @caching: expects reason CACHED from the second evaluation through the RPC provider's cache. In-process evaluation "
        + "has no cache and answers STATIC (value and variant match).";

    /// <summary>The fields of the outcome that differ from the expectation, in the order the runner checks them.</summary>
    public static IReadOnlyList<string> DifferingFields(string id) => Reasons[id] switch
    {
        Deprecated => ["reason", "errorCode"],
        _ => ["reason"],
    };

    public static IReadOnlyDictionary<string, string> Reasons { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["gherkin/evaluation.feature::Resolves flag with no defaultValue correctly::ex#0"] = Deprecated,
        ["gherkin/evaluation.feature::Resolves flag with no defaultValue correctly::ex#1"] = Deprecated,
        ["gherkin/evaluation.feature::Resolves flag with no defaultValue correctly::ex#2"] = Deprecated,
        ["gherkin/evaluation.feature::Resolves flag with no defaultValue correctly::ex#3"] = Deprecated,
        ["gherkin/evaluation.feature::Resolves flag with no defaultValue correctly::ex#4"] = Deprecated,
        ["gherkin/evaluation.feature::Resolves flag with no defaultValue correctly::ex#6"] = Deprecated,
        ["gherkin/rpc-caching.feature::Resolves <type> details with caching::ex#0"] = Caching,
        ["gherkin/rpc-caching.feature::Resolves <type> details with caching::ex#1"] = Caching,
        ["gherkin/rpc-caching.feature::Resolves <type> details with caching::ex#2"] = Caching,
        ["gherkin/rpc-caching.feature::Resolves <type> details with caching::ex#3"] = Caching,
        ["gherkin/rpc-caching.feature::Resolves <type> details with caching::ex#4"] = Caching,
    };
}
