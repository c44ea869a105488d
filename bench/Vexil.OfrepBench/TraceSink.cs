namespace Vexil.OfrepBench;

/// <summary>Where a traced vexil exports in the benchmark: accepts <c>POST /v1/traces</c>, reads and discards the body, answers 200.</summary>
internal static class TraceSink
{
    public static async Task RunAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapGet("/healthz", () => "ok");
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.RunAsync();
    }
}
