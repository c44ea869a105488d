using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Evaluation;

namespace Vexil.Core.Tests.Evaluation;

/// <summary>
/// The features imports brought (context kinds, ld: and unleash: operators, launchdarkly-v1 and unleash-v1
/// bucketing, percentages, any-of prerequisites, variation metadata): every reason path, and none allocates.
/// </summary>
public sealed class ImportedFlagEvaluationTests
{
    private const string LaunchDarklyFlag = """
        {"key":"ld","type":"string","contextKinds":true,"enabled":true,"offVariation":"0","salt":"ld.salt",
         "variations":[{"key":"0","value":"a"},{"key":"1","value":"b"},{"key":"2","value":"c"}],
         "prerequisites":[{"flag":"parent","variations":["on"]}],
         "targets":[{"variation":"1","contextKind":"org","values":["acme"]},{"variation":"2","contextKind":"user","values":["vip"]}],
         "rules":[
           {"id":"kinds","clauses":[{"attribute":"kind","operator":"in","values":["device"],"contextKind":"user"}],"serve":{"variation":"2"}},
           {"id":"email","clauses":[{"attribute":"email","operator":"ld:matches","values":["@example\\.com$"],"contextKind":"user"},{"attribute":"/address/city","operator":"in","values":["Zürich"],"contextKind":"user","negate":true}],"serve":{"variation":"1"}},
           {"id":"dates","clauses":[{"attribute":"signup","operator":"ld:before","values":["2020-01-01T00:00:00Z"],"contextKind":"user"},{"attribute":"version","operator":"ld:semVerLessThan","values":["2.0"],"contextKind":"user"}],"serve":{"variation":"0"}},
           {"id":"segment","clauses":[{"operator":"segmentMatch","values":["beta"]}],"serve":{"rollout":{"algorithm":"launchdarkly-v1","bucketBy":"key","contextKind":"org","salt":"61","weights":[{"variation":"0","weight":30000},{"variation":"1","weight":70000}]}}}
         ],
         "fallthrough":{"rollout":{"algorithm":"launchdarkly-v1","bucketBy":"age","contextKind":"user","weights":[{"variation":"0","weight":50000},{"variation":"2","weight":50000}]}}}
        """;

    private const string UnleashFlag = """
        {"key":"un","type":"boolean","enabled":true,"offVariation":"disabled",
         "variations":[{"key":"disabled","value":false},{"key":"enabled","value":true},
           {"key":"blue","value":true,"metadata":{"payload":"{\"hex\":\"#00f\"}","payloadType":"json"}},{"key":"red","value":true}],
         "rules":[
           {"id":"s1","clauses":[{"attribute":"plan","operator":"unleash:IN","values":["pro"]},{"attribute":"email","operator":"unleash:STR_CONTAINS","values":["example"],"caseInsensitive":true},
              {"attribute":"age","operator":"unleash:NUM_GT","values":["18"]},{"attribute":"version","operator":"unleash:SEMVER_GTE","values":["1.2.0"]},
              {"attribute":"currentTime","operator":"unleash:DATE_AFTER","values":["2020-01-01T00:00:00Z"]},{"attribute":"email","operator":"unleash:REGEX","values":["^[a-z]+@"]},
              {"attribute":"remoteAddress","operator":"unleash:IN_CIDR","values":["10.0.0.0/8"],"negate":true}],
            "percentage":{"weight":50000,"algorithm":"unleash-v1","salt":"un","stickiness":"default"},
            "serve":{"rollout":{"algorithm":"unleash-variant-v1","salt":"un","stickiness":"userId","bucketCount":1000,"weights":[{"variation":"blue","weight":50000},{"variation":"red","weight":50000}]}}},
           {"id":"s2","clauses":[{"attribute":"userId","operator":"unleash:USER_WITH_ID","values":["u1","u2"]}],"serve":{"variation":"enabled"}},
           {"id":"s3","clauses":[],"percentage":{"weight":30000,"algorithm":"unleash-v1","salt":"g","stickiness":"plan"},"serve":{"variation":"red"}}
         ],
         "fallthrough":{"variation":"disabled"}}
        """;

    private const string Parent = """{"key":"parent","type":"boolean","enabled":true,"variations":[{"key":"on","value":true},{"key":"off","value":false}],"fallthrough":{"variation":"on"}}""";

    private const string Segment = """
        [{"key":"beta","salt":"beta.s","includedContexts":[{"contextKind":"org","values":["initech"]}],"excludedContexts":[{"contextKind":"user","values":["banned"]}],
          "rules":[{"id":"r","clauses":[{"attribute":"plan","operator":"in","values":["beta"],"contextKind":"user"}],"percentage":{"weight":60000,"algorithm":"launchdarkly-v1","bucketBy":"key","contextKind":"user"}}]}]
        """;

    internal static readonly CompiledRuleset Ruleset = Rulesets.Compile($"[{Parent},{LaunchDarklyFlag},{UnleashFlag}]", Segment);

    [Theory]
    [InlineData("""{"plan":"x"}""", "ERROR")]
    [InlineData("""{"targetingKey":"vip"}""", "2")]
    [InlineData("""{"kind":"org","targetingKey":"acme"}""", "1")]
    [InlineData("""{"kind":"device","targetingKey":"d1"}""", "2")]
    [InlineData("""{"targetingKey":"u","email":"ann@example.com","address":{"city":"Bern"}}""", "1")]
    [InlineData("""{"targetingKey":"u","email":"ann@example.com"}""", "0")] // a negated clause on a missing attribute does not match; no age: bucket 0
    [InlineData("""{"targetingKey":"u","email":"ann@example.com","address":{"city":"Zürich"}}""", "0")]
    [InlineData("""{"targetingKey":"u","signup":1000,"version":"1.9"}""", "0")]
    [InlineData("""{"kind":"multi","user":{"targetingKey":"u"},"org":{"targetingKey":"initech"}}""", null)]
    [InlineData("""{"kind":"multi","user":{"targetingKey":"banned"},"org":{"targetingKey":"x"}}""", null)]
    public void LaunchDarklyFlag_TakesEveryPath(string context, string? variation)
    {
        using var document = JsonDocument.Parse(context);
        var result = Ruleset.Evaluate("ld", EvaluationContext.FromJson(document.RootElement));

        if (variation == "ERROR")
        {
            Assert.Equal(ErrorCode.TargetingKeyMissing, result.ErrorCode);
        }
        else if (variation is not null)
        {
            Assert.Equal(variation, result.VariationKey);
        }
        else
        {
            Assert.True(result.HasValue);
        }
    }

    [Fact]
    public void UnleashFlag_ServesPayloadMetadata_AndUserLists()
    {
        var listed = Ruleset.EvaluateBoolean("un", EvaluationContext.CreateBuilder("u2").Build(), false);
        Assert.True(listed.Value);
        Assert.Equal("enabled", listed.VariationKey);

        var found = false;
        for (var i = 0; i < 200 && !found; i++)
        {
            var context = EvaluationContext.CreateBuilder("user-" + i).Set("plan", "pro").Set("email", "ann@EXAMPLE.com").Set("age", "30").Set("version", "1.2.3").Set("currentTime", "2024-05-01T00:00:00Z").Build();
            var detail = Ruleset.EvaluateBoolean("un", context, false);
            if (detail.VariationKey == "blue")
            {
                Assert.Equal("{\"hex\":\"#00f\"}", detail.Metadata.Entries["payload"].AsString);
                Assert.Equal("json", detail.Metadata.Entries["payloadType"].AsString);
                found = true;
            }
        }

        Assert.True(found, "no context reached the blue variant");
    }
}
