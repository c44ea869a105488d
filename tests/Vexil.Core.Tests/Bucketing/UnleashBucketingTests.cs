using Vexil.Core.Bucketing;

namespace Vexil.Core.Tests.Bucketing;

/// <summary>
/// unleash-v1 and unleash-variant-v1's golden vectors: do not change any of these values. Generated from unleash-client
/// 6.12.1's own normalizedStrategyValue (seed 0, n = 100) and normalizedVariantValue (seed 86028157, n = 1000 and 3)
/// by tests/Vexil.Importers.Tests/node/generate-golden.mjs. Non-ASCII text hashes the low byte of each UTF-16 unit,
/// as the Node SDK does.
/// </summary>
public sealed class UnleashBucketingTests
{
    public static TheoryData<string, string, int, int, int> Golden => new()
    {
        { "", "user-1", 18, 697, 3 },
        { "", "user-2", 27, 233, 1 },
        { "", "", 31, 632, 3 },
        { "", "\u00DCn\u00EFc\u00F6d\u00E9-\u043A\u043B\u044E\u0447-\u9375", 55, 788, 2 },
        { "", new string('x', 300), 80, 154, 3 },
        { "", "42", 30, 255, 3 },
        { "", "a.b", 20, 626, 1 },
        { "", "userKeyA", 100, 349, 1 },
        { "", "\uD83D\uDE00", 33, 286, 1 },
        { "", "\u00FF\u0100", 39, 491, 3 },
        { "flag-a", "user-1", 73, 23, 3 },
        { "flag-a", "user-2", 80, 568, 3 },
        { "flag-a", "", 85, 620, 3 },
        { "flag-a", "\u00DCn\u00EFc\u00F6d\u00E9-\u043A\u043B\u044E\u0447-\u9375", 2, 834, 3 },
        { "flag-a", new string('x', 300), 34, 590, 3 },
        { "flag-a", "42", 70, 223, 1 },
        { "flag-a", "a.b", 3, 48, 3 },
        { "flag-a", "userKeyA", 91, 514, 3 },
        { "flag-a", "\uD83D\uDE00", 72, 189, 3 },
        { "flag-a", "\u00FF\u0100", 82, 714, 1 },
        { "\u00DCn\u00EF", "user-1", 76, 656, 2 },
        { "\u00DCn\u00EF", "user-2", 9, 3, 1 },
        { "\u00DCn\u00EF", "", 93, 608, 1 },
        { "\u00DCn\u00EF", "\u00DCn\u00EFc\u00F6d\u00E9-\u043A\u043B\u044E\u0447-\u9375", 1, 409, 2 },
        { "\u00DCn\u00EF", new string('x', 300), 20, 111, 3 },
        { "\u00DCn\u00EF", "42", 23, 528, 3 },
        { "\u00DCn\u00EF", "a.b", 94, 588, 2 },
        { "\u00DCn\u00EF", "userKeyA", 33, 477, 3 },
        { "\u00DCn\u00EF", "\uD83D\uDE00", 74, 418, 3 },
        { "\u00DCn\u00EF", "\u00FF\u0100", 26, 234, 1 },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void Normalize_GoldenVectors_AgreeWithUnleashsNodeSdk(string groupId, string value, int strategy, int variant1000, int variant3)
    {
        Assert.Equal(strategy, UnleashBucketing.Normalize(UnleashBucketing.Hash(groupId, value, 0), 100));
        Assert.Equal(variant1000, UnleashBucketing.Normalize(UnleashBucketing.Hash(groupId, value, UnleashBucketing.VariantSeed), 1000));
        Assert.Equal(variant3, UnleashBucketing.Normalize(UnleashBucketing.Hash(groupId, value, UnleashBucketing.VariantSeed), 3));
    }
}
