using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Vexil.Hosting.Auth;

/// <summary>High-entropy secrets (256 random bits) and the SHA-256 hashes under which they are stored.</summary>
internal static class SecretTokens
{
    /// <summary>API tokens.</summary>
    public const string ApiTokenPrefix = "vx_api_";

    /// <summary>Login sessions of the admin API (bearer only).</summary>
    public const string SessionPrefix = "vx_ses_";

    /// <summary>Dashboard sessions (the session cookie only).</summary>
    public const string DashboardPrefix = "vx_web_";

    /// <summary>One-time password-reset links.</summary>
    public const string ResetPrefix = "vx_rst_";

    /// <summary>Server SDK keys.</summary>
    public const string ServerKeyPrefix = "vx_srv_";

    /// <summary>Client SDK keys.</summary>
    public const string ClientKeyPrefix = "vx_cli_";

    public static string New(string prefix) => prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string NewPassword() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A recognisable but useless fragment of a key, for lists.</summary>
    public static string Hint(string token) => token[..Math.Min(token.Length, 12)] + "…";
}
