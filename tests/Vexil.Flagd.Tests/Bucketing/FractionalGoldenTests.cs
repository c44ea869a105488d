using System.Text.Json;
using Vexil.Core.Context;

namespace Vexil.Flagd.Tests.Bucketing;

/// <summary>
/// Fractional bucketing v2 against vectors produced by flagd's own JavaScript evaluator (@openfeature/flagd-core
/// 4.0.1): uneven weights, a zero weight, a custom bucketing value, long keys. ASCII only: flagd-core hashes UTF-16
/// code units where flagd (Go) and Vexil hash UTF-8, see MurmurHash3Tests for a non-ASCII vector.
/// </summary>
public sealed class FractionalGoldenTests
{
    private static readonly JsonElement Golden = JsonDocument.Parse(
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Bucketing", "fractional-v2-golden.json"))).RootElement;

    public static TheoryData<int> Vectors => new(Enumerable.Range(0, Golden.GetProperty("vectors").GetArrayLength()));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Fractional_GoldenVector_PicksTheSameVariantAsFlagd(int index)
    {
        var vector = Golden.GetProperty("vectors")[index];
        var ruleset = FlagdCompiler.Compile(JsonSerializer.SerializeToUtf8Bytes(Golden.GetProperty("flags")), FlagdCompileOptions.Default).Ruleset!;
        var builder = EvaluationContext.CreateBuilder();
        if (vector.TryGetProperty("targetingKey", out var key))
        {
            builder.TargetingKey(key.GetString());
        }

        if (vector.TryGetProperty("email", out var email))
        {
            builder.Set("email", email.GetString());
        }

        var detail = ruleset.EvaluateString(vector.GetProperty("flag").GetString()!, builder.Build(), "fallback");

        Assert.Equal(vector.GetProperty("variant").GetString(), detail.Value);
    }
}
