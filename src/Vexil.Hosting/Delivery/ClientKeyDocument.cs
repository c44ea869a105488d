using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Vexil.Hosting.Auth;

namespace Vexil.Hosting.Delivery;

/// <summary>
/// An environment's active client keys as <c>GET /sdk/v1/client-keys</c> serves them:
/// <c>{"keys":[{"hash":"&lt;sha-256 hex&gt;","allowedOrigins":[…],"expiresAt":"…"|null}]}</c>, its ETag (a hash of
/// those bytes, so every tier that passes the bytes on names them alike), and the keys by hash.
/// </summary>
internal sealed class ClientKeyDocument
{
    private ClientKeyDocument(byte[] json, IReadOnlyDictionary<string, ClientKeyState> keys)
    {
        Json = json;
        Keys = keys;
        ETag = "\"ck-" + Convert.ToHexStringLower(SHA256.HashData(json))[..24] + "\"";
    }

    public byte[] Json { get; }

    public string ETag { get; }

    /// <summary>The keys by their SHA-256 hash (lower-case hex).</summary>
    public IReadOnlyDictionary<string, ClientKeyState> Keys { get; }

    public static ClientKeyDocument Create(IReadOnlyList<ClientKeyState> keys)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var key in keys)
            {
                writer.WriteStartObject();
                writer.WriteString("hash", key.KeyHash);
                writer.WriteStartArray("allowedOrigins");
                foreach (var origin in key.AllowedOrigins)
                {
                    writer.WriteStringValue(origin);
                }

                writer.WriteEndArray();
                if (key.ExpiresAt is { } expires)
                {
                    writer.WriteString("expiresAt", expires.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.WriteNull("expiresAt");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return new ClientKeyDocument(buffer.ToArray(), keys.ToDictionary(k => k.KeyHash, StringComparer.Ordinal));
    }

    /// <summary>Reads a document an upstream served (kept byte for byte); null when it is not well formed.</summary>
    public static ClientKeyDocument? Parse(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("keys", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var keys = new Dictionary<string, ClientKeyState>(StringComparer.Ordinal);
            foreach (var item in list.EnumerateArray())
            {
                var hash = item.GetProperty("hash").GetString();
                if (hash is not { Length: 64 } || !hash.All(char.IsAsciiHexDigitLower))
                {
                    return null;
                }

                var origins = item.TryGetProperty("allowedOrigins", out var o) && o.ValueKind == JsonValueKind.Array
                    ? o.EnumerateArray().Select(e => e.GetString() ?? throw new FormatException("an origin must be a string")).ToArray()
                    : [];
                DateTimeOffset? expires = item.TryGetProperty("expiresAt", out var e) && e.ValueKind == JsonValueKind.String
                    ? DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
                    : null;
                keys[hash] = new ClientKeyState(hash, origins, expires);
            }

            return new ClientKeyDocument(json, keys);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return null;
        }
    }
}
