using System.Security.Cryptography;
using System.Text;

namespace Vexil.Hosting.Ofrep;

/// <summary>
/// The token in an OFREP event stream URL (browsers' <c>EventSource</c> cannot send a key header):
/// <c>&lt;first 16 hex digits of the key's SHA-256&gt;.&lt;HMAC-SHA256 of a fixed label, keyed by the whole hash&gt;</c>.
/// It names the key without revealing it or its hash, any server that accepts the key (the control plane, every
/// edge) can check it without shared state, it is stable (the provider keeps its connection across re-fetches), and
/// it stops working when the key does (revoked, expired). It grants only what the key grants on that stream:
/// notifications that the environment changed.
/// </summary>
internal static class OfrepStreamToken
{
    public const int PrefixLength = 16;

    private static readonly byte[] Label = "vexil-ofrep-events/v1"u8.ToArray();

    public static string Create(string keyHash) => keyHash[..PrefixLength] + "." + Mac(keyHash);

    /// <summary>Splits a token into the hash prefix that finds the key and the MAC that proves it; false when malformed.</summary>
    public static bool TryParse(string? token, out string prefix, out string mac)
    {
        prefix = mac = string.Empty;
        if (token is not { Length: > PrefixLength + 1 } || token[PrefixLength] != '.' || !token.AsSpan(0, PrefixLength).ContainsOnlyHexLower())
        {
            return false;
        }

        prefix = token[..PrefixLength];
        mac = token[(PrefixLength + 1)..];
        return true;
    }

    /// <summary>True when <paramref name="mac"/> is this key's (compared in fixed time).</summary>
    public static bool Matches(string keyHash, string mac) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(keyHash)), Encoding.ASCII.GetBytes(mac));

    private static string Mac(string keyHash) =>
        System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.ASCII.GetBytes(keyHash), Label));

    private static bool ContainsOnlyHexLower(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }
}
