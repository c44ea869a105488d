namespace Vexil.OfrepBench;

/// <summary>
/// The baseline: a bare Kestrel app (slim builder, minimal API, no middleware) answering POST on the OFREP routes
/// with fixed bytes, the very bytes vexil answered for the same request. It reads and discards the request body.
/// </summary>
internal static class BareKestrel
{
    public static async Task RunAsync(string url, string singleFile, string bulkFile)
    {
        var single = await File.ReadAllBytesAsync(singleFile);
        var bulk = await File.ReadAllBytesAsync(bulkFile);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapGet("/healthz", () => "ok");
        app.MapPost("/ofrep/v1/evaluate/flags/{key}", (HttpContext context) => WriteAsync(context, single));
        app.MapPost("/ofrep/v1/evaluate/flags", (HttpContext context) => WriteAsync(context, bulk));
        await app.RunAsync();
    }

    private static async Task WriteAsync(HttpContext context, byte[] body)
    {
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
