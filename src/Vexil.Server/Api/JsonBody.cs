using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

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

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, ApiJson.Requests, request.HttpContext.RequestAborted);
            return value is null
                ? (default, Invalid(string.Empty, "A JSON object is required."))
                : (value, null);
        }
        catch (JsonException e)
        {
            var path = e.Path is null or "$" ? string.Empty : e.Path.TrimStart('$').TrimStart('.');
            return (default, Invalid(path, $"Malformed JSON: {FirstSentence(e.Message)}"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: "The request body is too large."));
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
