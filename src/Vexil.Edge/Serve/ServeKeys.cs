using System.Collections.Frozen;
using System.Net;
using Microsoft.Extensions.Options;
using Vexil.Hosting.Auth;

namespace Vexil.Edge.Serve;

/// <summary>The keys <c>vexil serve</c> accepts, kept as SHA-256 hashes; none means OFREP answers without a key.</summary>
internal sealed class ServeKeys(IOptions<ServeOptions> options)
{
    private readonly FrozenSet<string> _hashes = Read(options.Value).Select(SecretTokens.Hash).ToFrozenSet(StringComparer.Ordinal);

    private readonly SecretHashMemo _memo = new();

    public bool Required => _hashes.Count > 0;

    public bool Accepts(string key) => _hashes.Contains(_memo.Hash(key));

    /// <summary>The SHA-256 hash of <paramref name="key"/>, remembered for the next request.</summary>
    public string HashOf(string key) => _memo.Hash(key);

    /// <summary>The configured keys and those in the keys file, distinct.</summary>
    public static IReadOnlyList<string> Read(ServeOptions options)
    {
        var keys = new List<string>(options.Keys);
        if (!string.IsNullOrWhiteSpace(options.KeysFile))
        {
            keys.AddRange(File.ReadAllLines(options.KeysFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
        }

        return [.. keys.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Without keys anyone who can connect may evaluate, so only loopback may be bound: throws, naming the address,
    /// when <paramref name="listen"/> (Kestrel's <c>;</c>-separated URLs) binds anything else.
    /// </summary>
    public static void EnsureLoopbackWithoutKeys(string listen, bool keysConfigured)
    {
        if (keysConfigured)
        {
            return;
        }

        foreach (var url in listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsLoopback(url))
            {
                throw new OptionsValidationException(ServeOptions.Section, typeof(ServeOptions),
                [
                    $"vexil serve would answer OFREP without a key on {url}, which is not a loopback address. " +
                    $"Configure keys ({ServeOptions.Section}:Keys:0=... or --keys-file FILE) or listen on 127.0.0.1, [::1] or localhost.",
                ]);
            }
        }
    }

    private static bool IsLoopback(string url)
    {
        // Kestrel's wildcards (http://*:80, http://+:80) are not valid URIs: they bind every address.
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        var host = uri.Host;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
