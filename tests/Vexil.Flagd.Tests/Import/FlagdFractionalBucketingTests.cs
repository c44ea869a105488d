using System.Text.Json;
using Vexil.Core.Bucketing;
using Vexil.Core.Compilation;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;
using Vexil.Flagd.Bucketing;

namespace Vexil.Flagd.Tests.Import;

/// <summary>Vexil.Core's flagd-fractional-v2 is flagd's fractional: same hash, same buckets; strings only.</summary>
public sealed class FlagdFractionalBucketingTests
{
    [Fact]
    public void Hash_And_Bucket_MatchVexilFlagdsFractional()
    {
        var random = new Random(7);
        for (var i = 0; i < 5_000; i++)
        {
            var salt = i % 3 == 0 ? string.Empty : "flag-" + random.Next(1000);
            var value = i % 7 == 0 ? "ü🚀-" + i : Guid.NewGuid().ToString();
            var hash = FlagdFractionalBucketing.Hash(salt, value);

            Assert.Equal(FractionalBucketer.Hash(salt, value), hash);
            Assert.Equal((int)FractionalBucketer.Bucket(hash, 100_000), FlagdFractionalBucketing.ToBucket(hash));
            Assert.Equal(FlagdFractionalBucketing.ToBucket(hash), FlagdFractionalBucketing.Instance.Bucket(salt, value));
        }
    }

    [Theory]
    [InlineData("""{"targetingKey": "u1", "email": ""}""", "SPLIT")]
    [InlineData("""{"targetingKey": "u1", "email": 5}""", "ERROR")]
    [InlineData("""{"targetingKey": "u1"}""", "ERROR")]
    public void Rollout_BucketsStringsOnly_WithoutFallingBackToTheTargetingKey(string context, string reason)
    {
        var ruleset = RulesetCompiler.Load("""
            {"formatVersion": 1, "environment": "e", "version": 1, "segments": [], "flags": [{
              "key": "f", "type": "boolean", "version": 1, "enabled": true, "salt": "",
              "variations": [{"key": "on", "value": true}, {"key": "off", "value": false}],
              "fallthrough": {"rollout": {"algorithm": "flagd-fractional-v2", "bucketBy": "email",
                "weights": [{"variation": "on", "weight": 50000}, {"variation": "off", "weight": 50000}]}}}]}
            """u8).Ruleset!;

        var result = ruleset.Evaluate("f", EvaluationContext.FromJson(JsonDocument.Parse(context).RootElement));

        Assert.Equal(reason, result.Reason == EvaluationReason.Split ? "SPLIT" : result.Reason == EvaluationReason.Error ? "ERROR" : result.Reason.ToString());
        if (reason == "ERROR")
        {
            Assert.Equal(ErrorCode.TargetingKeyMissing, result.ErrorCode);
        }
    }
}
