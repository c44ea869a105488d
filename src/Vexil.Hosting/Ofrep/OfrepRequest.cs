using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Serialization;

namespace Vexil.Hosting.Ofrep;

/// <summary>
/// An OFREP request body (<c>{"context": {...}}</c>) read into an evaluation context and a short hash of the
/// context's JSON (for the bulk ETag), or the reason it could not be: an OFREP error code and the status to answer.
/// </summary>
internal readonly record struct OfrepRequest(EvaluationContext? Context, ulong ContextHash, int Status, string? ErrorCode, string? ErrorDetails)
{
    /// <summary>
    /// A property named twice makes a body ambiguous (parsers disagree on which value wins, so a proxy or a log and the
    /// server could read different contexts): refused, in the body as in the context, at any depth.
    /// </summary>
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    public bool IsValid => Context is not null;

    public static async Task<OfrepRequest> ReadAsync(HttpRequest request, bool hashContext, CancellationToken cancellationToken)
    {
        // The whole body from the request's pipe, parsed in place: no stream adapter, no copy for a one-segment body.
        var reader = request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(cancellationToken);
                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, OfrepWriter.General, "The request body is too large.");
        }

        try
        {
            return Read(read.Buffer, hashContext);
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }
    }

    private static OfrepRequest Read(System.Buffers.ReadOnlySequence<byte> body, bool hashContext)
    {
        // Text that is not Unicode is found before parsing: the strict parser compares property names, and a name that
        // cannot be decoded would throw from there instead of being refused.
        if (JsonUnicode.TryFindInvalidText(body, out var invalid))
        {
            var inContext = invalid == "context" || invalid.StartsWith("context.", StringComparison.Ordinal) || invalid.StartsWith("context[", StringComparison.Ordinal);
            return Fail(StatusCodes.Status400BadRequest, inContext ? OfrepWriter.InvalidContext : OfrepWriter.ParseError, $"{invalid}: {JsonUnicode.Problem}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Strict);
        }
        catch (JsonException)
        {
            return Refused(body);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Fail(StatusCodes.Status400BadRequest, OfrepWriter.ParseError, "The body must be a JSON object with a 'context'.");
            }

            if (!document.RootElement.TryGetProperty("context", out var context) || context.ValueKind == JsonValueKind.Null)
            {
                return new OfrepRequest(EvaluationContext.Empty, 0, StatusCodes.Status200OK, null, null);
            }

            if (context.ValueKind != JsonValueKind.Object)
            {
                return Fail(StatusCodes.Status400BadRequest, OfrepWriter.InvalidContext, "The context must be a JSON object.");
            }

            try
            {
                var evaluationContext = EvaluationContext.FromJson(context);
                return new OfrepRequest(evaluationContext, hashContext ? Hash(JsonMarshal.GetRawUtf8Value(context)) : 0, StatusCodes.Status200OK, null, null);
            }
            catch (FormatException e)
            {
                return Fail(StatusCodes.Status400BadRequest, OfrepWriter.InvalidContext, e.Message);
            }
        }
    }

    private static OfrepRequest Fail(int status, string code, string details) => new(null, 0, status, code, details);

    /// <summary>Why a body the strict parser refused is bad: not JSON at all, or a property named twice (in the context or elsewhere).</summary>
    private static OfrepRequest Refused(System.Buffers.ReadOnlySequence<byte> body)
    {
        JsonDocument lenient;
        try
        {
            lenient = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Fail(StatusCodes.Status400BadRequest, OfrepWriter.ParseError, "The body is not valid JSON.");
        }

        using (lenient)
        {
            var root = lenient.RootElement;
            if (root.ValueKind == JsonValueKind.Object && DuplicateIn(root, deep: false) is null
                && root.TryGetProperty("context", out var context) && DuplicateIn(context, deep: true) is { } inContext)
            {
                return Fail(StatusCodes.Status400BadRequest, OfrepWriter.InvalidContext, $"The context has the property '{inContext}' twice.");
            }

            return Fail(StatusCodes.Status400BadRequest, OfrepWriter.ParseError, $"The body has the property '{DuplicateIn(root, deep: true) ?? "?"}' twice.");
        }
    }

    /// <summary>The first property name an object holds twice (in nested objects and arrays too when <paramref name="deep"/>), or null.</summary>
    private static string? DuplicateIn(JsonElement element, bool deep)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(property.Name))
                    {
                        return property.Name;
                    }
                }

                if (deep)
                {
                    foreach (var property in element.EnumerateObject())
                    {
                        if (DuplicateIn(property.Value, deep) is { } nested)
                        {
                            return nested;
                        }
                    }
                }

                return null;
            case JsonValueKind.Array when deep:
                foreach (var item in element.EnumerateArray())
                {
                    if (DuplicateIn(item, deep) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }
}
