using System.Runtime.InteropServices;
using System.Text.Json;

namespace Vexil.Edge.Events;

/// <summary>
/// A batch as the spool holds it: the ingestor's envelope, whose <c>environment</c> is the edge environment's file
/// name (part of its key's hash: stable across restarts and key reordering, never the key) and whose <c>batch</c>
/// is the sender's body byte for byte, forwarded unchanged so the upstream de-duplicates by its id.
/// </summary>
internal readonly record struct SpooledBatch(string Environment, byte[] Body)
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static SpooledBatch? Read(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload, Options);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object &&
                   root.TryGetProperty("environment", out var environment) && environment.ValueKind == JsonValueKind.String &&
                   root.TryGetProperty("batch", out var batch) && batch.ValueKind == JsonValueKind.Object
                ? new SpooledBatch(environment.GetString()!, JsonMarshal.GetRawUtf8Value(batch).ToArray())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The batch id from a spool message id (<c>environment/batch id</c>), for logs.</summary>
    public static string BatchIdOf(string messageId) => messageId[(messageId.IndexOf('/', StringComparison.Ordinal) + 1)..];
}
