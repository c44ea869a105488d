using System.Globalization;
using Vexil.Core.Bucketing;

namespace Vexil.Core.Tests.Bucketing;

/// <summary>
/// launchdarkly-v1's golden vectors: do not change any of these values. Generated from LaunchDarkly's Node server SDK
/// 9.13.7 by tests/Vexil.Importers.Tests/node/generate-golden.mjs (the SDK's bucket found by bisecting a rollout's
/// first weight; the hex digits from Node's SHA-1). The salt is the flag's key and salt joined by '.', or the seed.
/// </summary>
public sealed class LaunchDarklyBucketingTests
{
    public static TheoryData<string, string, string, int> Golden => new()
    {
        { "flag-key.salt", "user-1", "c1ebb34d1e0c405", 75750 },
        { "flag-key.salt", "user-2", "7e1beaa6b56a65b", 49261 },
        { "hashKey.saltyA", "userKeyA", "6bec658111d6ad9", 42157 },
        { "hashKey.saltyA", "userKeyB", "abbcba2157240ad", 67084 },
        { "hashKey.saltyA", "userKeyC", "1a7a754382d1e86", 10343 },
        { "new-checkout.2f8b1c", "\u00DCn\u00EFc\u00F6d\u00E9-\u043A\u043B\u044E\u0447-\u9375", "a3741adbbe1f916", 63849 },
        { "f.s", new string('x', 300), "c5be824441818e0", 77243 },
        { "f.s", "42", "383713b47b3c7a4", 21959 },
        { "61", "user-1", "cd4566d554d3652", 80184 },
        { "-7", "user-2", "e71914d6ba7da9b", 90272 },
        { "123456789", "\u00DCn\u00EFc\u00F6d\u00E9", "ef112a407d36775", 93385 },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void Bucket_GoldenVectors_AgreeWithLaunchDarklysSdk(string salt, string value, string hex15, int bucket100k)
    {
        var hash = LaunchDarklyBucketing.Hash(salt, value);
        var bucket = LaunchDarklyBucketing.ToBucket(hash);

        Assert.Equal(ulong.Parse(hex15, NumberStyles.HexNumber, CultureInfo.InvariantCulture), hash);
        Assert.True(bucket >= bucket100k / 100000.0 && bucket < (bucket100k + 1) / 100000.0, $"bucket {bucket} is not in [{bucket100k}, {bucket100k + 1}) / 100000");
    }

    [Fact]
    public void Sha1_AgreesWithThePlatformsAtEveryLengthAroundTheBlockBoundaries()
    {
        var data = new byte[300];
        new Random(7).NextBytes(data);
        for (var length = 0; length <= data.Length; length++)
        {
            var expected = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(System.Security.Cryptography.SHA1.HashData(data.AsSpan(0, length)));
            Assert.Equal(expected, Sha1.First64(data.AsSpan(0, length)));
        }
    }

    [Fact]
    public void ToBucket_RoundsLikeJavaScriptsParseInt_AndTheTopHashesReachOne()
    {
        // 0xFFFFFFFFFFFFFFF is 2^60 - 1; as a double (the SDK divides by it) it is 2^60, and so are the hashes near it.
        Assert.Equal(1.0, LaunchDarklyBucketing.ToBucket(0xFFFFFFFFFFFFFFF));
        Assert.Equal(0.0, LaunchDarklyBucketing.ToBucket(0));
        Assert.Equal(0.5, LaunchDarklyBucketing.ToBucket(0x800000000000000));
    }

    [Theory]
    [InlineData(0.0, new[] { 50000, 50000 }, 0)]
    [InlineData(0.49999, new[] { 50000, 50000 }, 0)]
    [InlineData(0.5, new[] { 50000, 50000 }, 1)]
    [InlineData(1.0, new[] { 100000, 0 }, 1)]
    [InlineData(0.30000000000000004, new[] { 10000, 20000, 70000 }, 2)]
    [InlineData(0.3, new[] { 10000, 20000, 70000 }, 1)]
    [InlineData(0.0, new[] { 0, 100000 }, 1)]
    public void Choose_WalksDoubleSumsAndFallsBackToTheLastListedEntry(double bucket, int[] weights, int expected) =>
        Assert.Equal(expected, LaunchDarklyBucketing.Choose(bucket, weights));
}
