using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Vexil.Core.Context;

namespace Vexil.Server.Ofrep;

/// <summary>
/// An OFREP request body (<c>{"context": {...}}</c>) read into an evaluation context and a short hash of the
/// context's JSON (for the bulk ETag), or the reason it could not be: an OFREP error code and the status to answer.
/// </summary>
internal readonly record struct OfrepRequest(EvaluationContext? Context, ulong ContextHash, int Status, string? ErrorCode, string? ErrorDetails)
{
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
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Fail(StatusCodes.Status400BadRequest, OfrepWriter.ParseError, "The body is not valid JSON.");
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

    private static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }
}
