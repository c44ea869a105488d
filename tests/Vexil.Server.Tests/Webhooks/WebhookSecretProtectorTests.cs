using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Vexil.Server.Hosting;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Tests.Webhooks;

public sealed class WebhookSecretProtectorTests
{
    [Fact]
    public void Protect_ThenUnprotect_GivesTheSecretBack_AndTheCipherDoesNotContainIt()
    {
        var protector = new WebhookSecretProtector(RandomNumberGenerator.GetBytes(32));

        var cipher = protector.Protect("wh_1", "vx_whsec_secret-value");

        Assert.StartsWith("v1.", cipher, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", cipher, StringComparison.Ordinal);
        Assert.NotEqual(cipher, protector.Protect("wh_1", "vx_whsec_secret-value")); // a fresh nonce each time
        Assert.Equal("vx_whsec_secret-value", protector.Unprotect("wh_1", cipher));
    }

    [Fact]
    public void Unprotect_UnderAnotherKey_OrForAnotherSubscription_OrAltered_Fails()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var cipher = new WebhookSecretProtector(key).Protect("wh_1", "s3cret");
        var bytes = Convert.FromBase64String(cipher[3..]);
        bytes[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => new WebhookSecretProtector(RandomNumberGenerator.GetBytes(32)).Unprotect("wh_1", cipher));
        Assert.ThrowsAny<CryptographicException>(() => new WebhookSecretProtector(key).Unprotect("wh_2", cipher));
        Assert.ThrowsAny<CryptographicException>(() => new WebhookSecretProtector(key).Unprotect("wh_1", "v1." + Convert.ToBase64String(bytes)));
        Assert.ThrowsAny<CryptographicException>(() => new WebhookSecretProtector(key).Unprotect("wh_1", "plain"));
    }

    [Fact]
    public void WithoutAConfiguredKey_AKeyFileIsCreatedOnce_OwnerOnly_AndReused()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vexil-whkey-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = Options.Create(new VexilOptions { DataDirectory = dir });
            var cipher = new WebhookSecretProtector(options).Protect("wh_1", "s3cret");

            var file = Path.Combine(dir, "webhook-secret.key");
            Assert.True(File.Exists(file));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            Assert.Equal("s3cret", new WebhookSecretProtector(options).Unprotect("wh_1", cipher));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AConfiguredKey_IsUsed_AndAWrongSizeIsRefused()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var cipher = new WebhookSecretProtector(Options.Create(new VexilOptions { WebhookSecretKey = key, DataDirectory = "/nonexistent/never-created" })).Protect("wh_1", "s");

        Assert.Equal("s", new WebhookSecretProtector(Convert.FromBase64String(key)).Unprotect("wh_1", cipher));
        Assert.Throws<InvalidOperationException>(() => new WebhookSecretProtector(Options.Create(new VexilOptions { WebhookSecretKey = Convert.ToBase64String(new byte[16]) })).Protect("wh_1", "s"));
    }
}
