using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Vexil.Server.Hosting;

namespace Vexil.Server.Webhooks;

/// <summary>
/// Encrypts webhook signing secrets at rest. They cannot be stored as hashes like other secrets, because the server
/// computes an HMAC with each on every delivery; so they are sealed with AES-256-GCM under a key that lives outside the
/// database: <c>Vexil:WebhookSecretKey</c> (32 bytes, base64) when set, otherwise <c>webhook-secret.key</c> in the data
/// folder, created on first use and readable by the owner only. The subscription id is the associated data, so a sealed
/// secret copied onto another subscription does not open. Format: <c>v1.</c> + base64(nonce ‖ tag ‖ ciphertext).
/// </summary>
internal sealed class WebhookSecretProtector
{
    private const string Prefix = "v1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const string KeyFileName = "webhook-secret.key";

    private readonly Lazy<byte[]> _key;

    public WebhookSecretProtector(IOptions<VexilOptions> options)
    {
        var value = options.Value;
        _key = new Lazy<byte[]>(() => LoadKey(value.WebhookSecretKey, value.DataDirectory), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    internal WebhookSecretProtector(byte[] key) => _key = new Lazy<byte[]>(key);

    public string Protect(string subscriptionId, string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(subscriptionId));
        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The secret; throws <see cref="CryptographicException"/> when it was sealed under another key or altered.</summary>
    public string Unprotect(string subscriptionId, string cipher)
    {
        if (!cipher.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown webhook secret format.");
        }

        var sealedBytes = Convert.FromBase64String(cipher[Prefix.Length..]);
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("Truncated webhook secret.");
        }

        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(subscriptionId));
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] LoadKey(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Check(Convert.FromBase64String(configured.Trim()), "Vexil:WebhookSecretKey");
        }

        var directory = Path.GetFullPath(dataDirectory);
        Vexil.Events.Storage.PrivateFiles.CreateDirectory(directory);
        var path = Path.Combine(directory, KeyFileName);
        if (!File.Exists(path))
        {
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(fresh));
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temp); // another process created it first: use theirs
            }
        }

        return Check(Convert.FromBase64String(File.ReadAllText(path).Trim()), path);
    }

    private static byte[] Check(byte[] key, string source) =>
        key.Length == 32 ? key : throw new InvalidOperationException($"The webhook secret key ({source}) must be 32 bytes, base64-encoded.");
}
