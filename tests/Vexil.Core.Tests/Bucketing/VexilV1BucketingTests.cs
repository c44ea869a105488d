using Vexil.Core.Bucketing;
using Vexil.Core.Context;

namespace Vexil.Core.Tests.Bucketing;

public sealed class VexilV1BucketingTests
{
    /// <summary>
    /// Golden vectors of vexil-v1. DO NOT CHANGE ANY OF THESE VALUES: every SDK in every language must produce
    /// them, and changing one moves real users between variations. A different algorithm gets a new name.
    /// </summary>
    public static TheoryData<string, string, ulong, int> GoldenVectors => new()
    {
        { "new-checkout", "user-1", 0xA4DFD406F8E9B387UL, 64404 },
        { "new-checkout", "user-2", 0x353FAD3E1AF6E4BFUL, 20800 },
        { "new-checkout", "", 0xD261DFA39C78474BUL, 82180 },
        { "salt", "targeting-key-42", 0x10A7A10002C7DFF6UL, 6505 },
        { "", "x", 0x00FB4E8D75BF03C0UL, 383 },
        { "flag.with.dots", "üñíçødé-ключ-鍵", 0xF4176200CDBF5B59UL, 95348 },
        { "s", new string('k', 600), 0xB5159821ED89B73DUL, 70736 },
        { "checkout", "42", 0xF62E690FD048FBEBUL, 96164 },
        { "checkout", "1.5", 0x75258EA76709D0D2UL, 45760 },
        { "a", "b\u0000c", 0x8E4B921768351B24UL, 55584 },
    };

    [Theory]
    [MemberData(nameof(GoldenVectors))]
    public void Bucket_GoldenVector_IsStable(string salt, string value, ulong hash, int bucket)
    {
        Assert.Equal(hash, VexilV1Bucketing.Hash(salt, value));
        Assert.Equal(bucket, VexilV1Bucketing.Instance.Bucket(salt, value));
    }

    [Fact]
    public void Hash_IsXxh3OfSaltZeroAndUtf8Value_WithUnpairedSurrogatesAsReplacementCharacter()
    {
        byte[] expectedInput = [(byte)'s', 0, (byte)'a', 0xEF, 0xBF, 0xBD, (byte)'b', 0xC3, 0xA9];

        Assert.Equal(System.IO.Hashing.XxHash3.HashToUInt64(expectedInput), VexilV1Bucketing.Hash("s", "a\uD800b\u00E9"));
    }

    [Theory]
    [InlineData(0UL, 0)]
    [InlineData(ulong.MaxValue, 99_999)]
    [InlineData(0x8000_0000_0000_0000UL, 50_000)]
    [InlineData(184_467_440_737_095UL, 0)]
    [InlineData(184_467_440_737_096UL, 1)]
    public void ToBucket_MapsTheHashRangeOntoBucketsByMultiplyHigh(ulong hash, int bucket) =>
        Assert.Equal(bucket, VexilV1Bucketing.ToBucket(hash));

    [Fact]
    public void Bucket_OneMillionKeys_EveryShareIsWithinHalfAPercentOfItsWeight()
    {
        // Weights 10% / 25% / 65%, and a 1% sliver: each observed share within 0.5% (relative) of its weight.
        int[] weights = [10_000, 25_000, 64_000, 1_000];
        var counts = new int[weights.Length];
        const int keys = 1_000_000;
        for (var i = 0; i < keys; i++)
        {
            var bucket = VexilV1Bucketing.Instance.Bucket("distribution", "user-" + i);
            var upper = 0;
            for (var w = 0; w < weights.Length; w++)
            {
                upper += weights[w];
                if (bucket < upper)
                {
                    counts[w]++;
                    break;
                }
            }
        }

        for (var w = 0; w < weights.Length; w++)
        {
            var expected = (double)weights[w] / BucketingAlgorithm.BucketCount;
            var observed = (double)counts[w] / keys;
            Assert.True(Math.Abs(observed - expected) <= expected * 0.005 + 3 * Math.Sqrt(expected * (1 - expected) / keys),
                $"variation {w}: expected share {expected:P3}, observed {observed:P3}");
        }
    }

    [Fact]
    public void Bucket_OneMillionKeys_DecilesAreEven()
    {
        var counts = new int[10];
        for (var i = 0; i < 1_000_000; i++)
        {
            counts[VexilV1Bucketing.Instance.Bucket("deciles", i.ToString(System.Globalization.CultureInfo.InvariantCulture)) / 10_000]++;
        }

        foreach (var count in counts)
        {
            Assert.InRange(count, 99_500, 100_500);
        }
    }

    [Fact]
    public void Rollout_WidenedFrom10To20Percent_KeepsEveryoneAlreadyIn()
    {
        var ten = Rulesets.Compile("[" + Rulesets.BoolFlag("f", fallthrough: Rollout(10_000)) + "]");
        var twenty = Rulesets.Compile("[" + Rulesets.BoolFlag("f", fallthrough: Rollout(20_000)) + "]");
        int inTen = 0, inTwenty = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var context = EvaluationContext.CreateBuilder("user-" + i).Build();
            var before = ten.Evaluate("f", context).VariationKey == "on";
            var after = twenty.Evaluate("f", context).VariationKey == "on";
            Assert.True(!before || after, $"user-{i} left the rollout when it widened");
            inTen += before ? 1 : 0;
            inTwenty += after ? 1 : 0;
        }

        Assert.InRange(inTen, 9_500, 10_500);
        Assert.InRange(inTwenty, 19_500, 20_500);
    }

    [Fact]
    public void Rollout_NumericBucketByValue_HashesItsShortestRoundTripText()
    {
        var ruleset = Rulesets.Compile("[" + Rulesets.BoolFlag("checkout", fallthrough: """{"rollout":{"bucketBy":"n","weights":[{"variation":"on","weight":50000},{"variation":"off","weight":50000}]}}""") + "]");

        var result = ruleset.Evaluate("checkout", EvaluationContext.CreateBuilder("ignored").Set("n", 42).Build());

        Assert.Equal(96_164, result.Detail.Bucket);
    }

    private static string Rollout(int onWeight) =>
        $$$"""{"rollout":{"weights":[{"variation":"on","weight":{{{onWeight}}}},{"variation":"off","weight":{{{100_000 - onWeight}}}}]}}""";
}
