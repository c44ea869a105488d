using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Vexil.Core.Serialization;

namespace Vexil.Server.Api;

/// <summary>Reads a JSON request body with every failure as problem details: missing, malformed (with its path), too large.</summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
    {
        if (request.HasJsonContentType() is false)
        {
            return (default, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "The body must be JSON (Content-Type: application/json)."));
        }

        using var body = new MemoryStream();
        try
        {
            // The whole body first (Kestrel bounds it), so its text is checked before anything reads a string of it.
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: "The request body is too large."));
        }

        var utf8 = body.GetBuffer().AsSpan(0, (int)body.Length);
        if (JsonUnicode.TryFindInvalidText(utf8, out var invalid))
        {
            return (default, Invalid(invalid, $"The text {JsonUnicode.Problem}."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(utf8, ApiJson.Requests);
            return value is null
                ? (default, Invalid(string.Empty, "A JSON object is required."))
                : (value, null);
        }
        catch (JsonException e) when (e.GetType() == typeof(JsonException))
        {
            // A value of the wrong type or an unknown field (the reader's own syntax errors are a subclass).
            var (path, message) = JsonBodyErrors.Describe(typeof(T), e.Path);
            return (default, Invalid(path, message));
        }
        catch (JsonException e)
        {
            var path = e.Path is null or "$" ? string.Empty : e.Path.TrimStart('$').TrimStart('.');
            return (default, Invalid(path, $"Malformed JSON: {FirstSentence(e.Message)}"));
        }
    }

    public static ValidationProblem Invalid(string path, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [path] = [message] });

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
