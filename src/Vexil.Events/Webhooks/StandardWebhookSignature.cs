using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vexil.Events.Webhooks;

/// <summary>
/// Standard Webhooks signatures (standardwebhooks.com): <c>webhook-id</c> (the delivery id, the same on every attempt),
/// <c>webhook-timestamp</c> (unix seconds) and <c>webhook-signature</c> (<c>v1,&lt;base64 HMAC-SHA256(key, id + "." +
/// timestamp + "." + body)&gt;</c>, several separated by spaces). The key is the base64 after a <c>whsec_</c> secret's
/// prefix; a secret made before Vexil used <c>whsec_</c> secrets (<c>vx_whsec_…</c>) is used as its UTF-8 bytes.
/// </summary>
public static class StandardWebhookSignature
{
    /// <summary>The delivery id header: receivers de-duplicate by it, and it is signed.</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>The time of signing, unix seconds.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>The signatures, space-separated <c>v1,&lt;base64&gt;</c>.</summary>
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The prefix of a secret in the Standard Webhooks format.</summary>
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: <c>whsec_</c> and 32 random bytes in base64.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The HMAC key of <paramref name="secret"/>.</summary>
    public static byte[] Key(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            var encoded = secret.AsSpan(SecretPrefix.Length);
            var key = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
            if (Convert.TryFromBase64Chars(encoded, key, out var written))
            {
                return key[..written];
            }
        }

        return Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>The <c>webhook-timestamp</c> value of <paramref name="timestamp"/>.</summary>
    public static string Timestamp(DateTimeOffset timestamp) => timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>webhook-signature</c> value of <paramref name="body"/> sent as <paramref name="id"/> at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, string id, DateTimeOffset timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Mac(Key(secret), id, Timestamp(timestamp), body));

    /// <summary>
    /// True when one of the <c>v1</c> signatures in <paramref name="signatures"/> signs <paramref name="id"/>,
    /// <paramref name="timestamp"/> and <paramref name="body"/> under <paramref name="secret"/>, and the timestamp is
    /// within <paramref name="tolerance"/> of <paramref name="now"/> (replay protection).
    /// </summary>
    public static bool Verify(string? id, string? timestamp, string? signatures, string secret, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatures) ||
            !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds() ||
            (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Mac(Key(secret), id, timestamp!, body);
        Span<byte> actual = stackalloc byte[64];
        foreach (var signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (signature.StartsWith("v1,", StringComparison.Ordinal) &&
                Convert.TryFromBase64String(signature[3..], actual, out var written) &&
                CryptographicOperations.FixedTimeEquals(actual[..written], expected))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Mac(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(id + "." + timestamp + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
