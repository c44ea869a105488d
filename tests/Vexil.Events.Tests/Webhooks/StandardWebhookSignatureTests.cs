using System.Security.Cryptography;
using System.Text;
using Vexil.Events.Webhooks;

namespace Vexil.Events.Tests.Webhooks;

public sealed class StandardWebhookSignatureTests
{
    // The example of the Standard Webhooks specification (and of its reference libraries' tests).
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static readonly DateTimeOffset SpecTime = DateTimeOffset.FromUnixTimeSeconds(1614265330);
    private static readonly byte[] SpecBody = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");

    [Fact]
    public void Sign_TheSpecificationsExample_GivesItsSignature() =>
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", StandardWebhookSignature.Sign(SpecSecret, SpecId, SpecTime, SpecBody));

    [Fact]
    public void Verify_TheSpecificationsExample_AmongOtherSignatures()
    {
        const string signatures = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v2,x";

        Assert.True(StandardWebhookSignature.Verify(SpecId, "1614265330", signatures, SpecSecret, SpecBody, SpecTime.AddMinutes(4), TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("msg_other", "1614265330", SpecSecret, """{"test": 2432232314}""", 0)]
    [InlineData(SpecId, "1614265331", SpecSecret, """{"test": 2432232314}""", 0)]
    [InlineData(SpecId, "1614265330", "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", """{"test": 2432232314}""", 0)]
    [InlineData(SpecId, "1614265330", SpecSecret, """{"test": 2432232315}""", 0)]
    [InlineData(SpecId, "1614265330", SpecSecret, """{"test": 2432232314}""", 6)]
    [InlineData(SpecId, "not-a-time", SpecSecret, """{"test": 2432232314}""", 0)]
    public void Verify_AnyPartChanged_OrTooOld_IsRefused(string id, string timestamp, string secret, string body, int minutesLater) =>
        Assert.False(StandardWebhookSignature.Verify(id, timestamp, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", secret, Encoding.UTF8.GetBytes(body), SpecTime.AddMinutes(minutesLater), TimeSpan.FromMinutes(5)));

    [Fact]
    public void Key_WhsecSecret_IsItsBase64_OlderSecrets_AreTheirUtf8Bytes()
    {
        Assert.Equal(Convert.FromBase64String("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), StandardWebhookSignature.Key(SpecSecret));
        Assert.Equal(Encoding.UTF8.GetBytes("vx_whsec_abc-_"), StandardWebhookSignature.Key("vx_whsec_abc-_"));
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("vx_whsec_abc-_"), Encoding.UTF8.GetBytes("id.1614265330.{}")));
        Assert.Equal("v1," + expected, StandardWebhookSignature.Sign("vx_whsec_abc-_", "id", SpecTime, "{}"u8));
    }

    [Fact]
    public void NewSecret_IsWhsecAnd32RandomBytes()
    {
        var secret = StandardWebhookSignature.NewSecret();

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, StandardWebhookSignature.Key(secret).Length);
        Assert.NotEqual(secret, StandardWebhookSignature.NewSecret());
    }
}
