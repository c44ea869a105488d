namespace Vexil.Hosting.Ofrep;

/// <summary>A pre-serialized OFREP JSON body with its status code (<c>Content-Type: application/json</c>).</summary>
internal sealed class OfrepJsonResult(int statusCode, byte[] body) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => statusCode;

    public string ContentType => "application/json";

    public byte[] Body => body;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = ContentType;
        httpContext.Response.ContentLength = body.Length;
        await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
    }
}
