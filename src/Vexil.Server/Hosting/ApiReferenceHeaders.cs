using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Vexil.Server.Hosting;

/// <summary>
/// Security headers for the API reference page (<c>/api/reference</c>, Scalar): a Content-Security-Policy that lets it
/// load only its own scripts (from this server) and the inline scripts it was served with (by hash), fetch only this
/// server, and never be framed; plus <c>nosniff</c> and no referrer.
/// </summary>
internal static partial class ApiReferenceHeaders
{
    private const string Path = "/api/reference";

    public static IApplicationBuilder UseApiReferenceHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            if (!IsPage(context.Request.Path))
            {
                context.Response.Headers.ContentSecurityPolicy = Policy(string.Empty);
                await next(context);
                return;
            }

            // The page itself is small: buffered, so the policy can name its inline scripts by hash.
            var original = context.Response.Body;
            using var page = new MemoryStream();
            context.Response.Body = page;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            context.Response.Headers.ContentSecurityPolicy = Policy(InlineScriptHashes(page));
            context.Response.ContentLength = page.Length;
            page.Position = 0;
            await page.CopyToAsync(original, context.RequestAborted);
        });

    private static bool IsPage(PathString path)
    {
        var rest = path.Value![Path.Length..].Trim('/');
        return rest.Length == 0 || rest.Equals("index.html", StringComparison.OrdinalIgnoreCase);
    }

    private static string Policy(string scriptHashes) =>
        $"default-src 'none'; script-src 'self'{scriptHashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static string InlineScriptHashes(MemoryStream page)
    {
        var html = Encoding.UTF8.GetString(page.GetBuffer(), 0, (int)page.Length);
        var hashes = new StringBuilder();
        foreach (Match match in InlineScript().Matches(html))
        {
            hashes.Append(" 'sha256-").Append(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(match.Groups[1].Value)))).Append('\'');
        }

        return hashes.ToString();
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex InlineScript();
}
