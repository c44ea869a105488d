using System.Security.Cryptography;
using System.Text;
using Vexil.Events.Webhooks;

namespace Vexil.Events.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"e1","type":"flag.updated"}""");

    [Fact]
    public void Sign_IsHmacSha256OverTimestampDotBody()
    {
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), Encoding.UTF8.GetBytes("1795000000." + Encoding.UTF8.GetString(Body))));

        Assert.Equal($"t=1795000000,v1={expected}", WebhookSignature.Sign("s3cret", At, Body));
    }

    [Fact]
    public void Verify_OwnSignature_IsValid()
    {
        Assert.True(WebhookSignature.Verify(WebhookSignature.Sign("s3cret", At, Body), "s3cret", Body, At.AddMinutes(1), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Verify_WrongSecretTamperedBodyOrOldTimestamp_IsInvalid()
    {
        var header = WebhookSignature.Sign("s3cret", At, Body);

        Assert.False(WebhookSignature.Verify(header, "other", Body, At, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(header, "s3cret", [.. Body, (byte)' '], At, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(header, "s3cret", Body, At.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("t=1795000000,v1=zz", "s3cret", Body, At, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(null, "s3cret", Body, At, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Verify_AnyOfSeveralSignatures_IsValid()
    {
        var header = WebhookSignature.Sign("new", At, Body) + ",v1=" + WebhookSignature.Sign("old", At, Body).Split("v1=")[1];

        Assert.True(WebhookSignature.Verify(header, "old", Body, At, TimeSpan.FromMinutes(5)));
    }
}
