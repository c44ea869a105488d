namespace Vexil.Flagd.Tests.Conformance;

/// <summary>Every evaluation case of flagd-testbed 3.9.0, evaluated in-process through <see cref="FlagdCompiler"/>.</summary>
public sealed class FlagdTestbedTests
{
    /// <summary>
    /// Cases of the other fractional bucketing versions. flagd runs v2 (MurmurHash3 x86-32, (hash * total) &gt;&gt; 32),
    /// which Vexil matches exactly; @fractional-v1 is the legacy float maths and @fractional-v3 hashes a CBOR
    /// encoding that flagd itself does not run yet. Both give other buckets for the same input by design.
    /// </summary>
    public static readonly IReadOnlyList<string> OtherBucketingVersions = ["@fractional-v1", "@fractional-v3"];

    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var testCase in Testbed.Cases)
            {
                if (!IsOtherBucketingVersion(testCase))
                {
                    data.Add(testCase.Id);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_EvaluatesAsTheTestbedExpects(string id)
    {
        var problems = TestbedCaseRunner.Run(Testbed.Case(id));

        if (KnownTestbedFailures.Reasons.TryGetValue(id, out var reason))
        {
            // A known failure must fail exactly as described, so that the list can neither go stale nor hide another fault.
            Assert.True(problems.Count > 0, $"Listed as a known failure but passes now; remove it from KnownTestbedFailures: {reason}");
            Assert.Equal(KnownTestbedFailures.DifferingFields(id), problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
            return;
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Cases_AllEvaluationCasesAreRunExceptOtherBucketingVersions()
    {
        var all = Testbed.Cases;
        var excluded = all.Count(IsOtherBucketingVersion);
        var run = Cases.Count;

        Assert.Equal(429, all.Count);
        Assert.Equal(all.Count, run + excluded);
        Assert.All(KnownTestbedFailures.Reasons.Keys, id => Assert.Contains(all, c => c.Id == id && !IsOtherBucketingVersion(c)));
        TestContext.Current.SendDiagnosticMessage(
            $"flagd testbed: {all.Count} cases, {run} run, {run - KnownTestbedFailures.Reasons.Count} pass, {KnownTestbedFailures.Reasons.Count} known failures, {excluded} other bucketing versions");
    }

    [Fact]
    public void Compile_TestbedFlagFiles_ReportOnlyTheDeliberatelyBrokenTargeting()
    {
        var errors = Testbed.Compile(Testbed.MergedFlagsFile).Errors.Select(e => e.ToString()).Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "documents[3].flags.error-targeting-flag.targeting: unknown operator 'invalid'",
                "documents[4].flags.ref-to-nonexistent-evaluator-flag.targeting.if[0].$ref: no evaluator named 'nonexistent_evaluator' in $evaluators",
            ],
            errors);
    }

    private static bool IsOtherBucketingVersion(TestbedCase testCase) => testCase.Tags.Any(OtherBucketingVersions.Contains);
}
