using Microsoft.AspNetCore.Http.Features;

namespace Vexil.Server.Flags.Import;

/// <summary>
/// The body of an import (a flagd file, LaunchDarkly's or Unleash's document): it may be larger than the other request
/// bodies (<c>Vexil:MaxRequestBodyBytes</c>), so an import takes up to <see cref="MaxBytes"/>, and a larger one is
/// answered 413, never a 500.
/// </summary>
internal static class ImportBody
{
    internal const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>The whole body, or null when it is larger than <see cref="MaxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit && (limit.MaxRequestBodySize ?? long.MaxValue) < MaxBytes)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }

        if (context.Request.ContentLength > MaxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        try
        {
            while ((read = await context.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null; // the server's own limit, if it could not be raised (the body had started)
        }

        return buffer.ToArray();
    }

    /// <summary>The answer to a body larger than <see cref="MaxBytes"/>.</summary>
    public static IResult TooLarge(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"{what} is larger than {MaxBytes / (1024 * 1024)} MiB.");
}
