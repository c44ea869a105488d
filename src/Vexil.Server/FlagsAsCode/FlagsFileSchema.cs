namespace Vexil.Server.FlagsAsCode;

/// <summary>
/// <c>GET /schemas/flags-file.json</c>: the JSON Schema of the flags-as-code file (docs/schema/flags-file.schema.json,
/// embedded at build), public like the OpenAPI document, so an editor can validate and complete a file through the
/// <c>$schema</c> line without access to the repository.
/// </summary>
internal static class FlagsFileSchema
{
    public const string Route = "/schemas/flags-file.json";

    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(FlagsFileSchema).Assembly.GetManifestResourceStream("Vexil.Schemas.flags-file.schema.json")
            ?? throw new InvalidOperationException("the flags-file schema is not embedded in the server");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>The schema's bytes, exactly the file in docs/schema.</summary>
    public static ReadOnlySpan<byte> Bytes => Document.Value;

    public static IEndpointRouteBuilder MapFlagsFileSchema(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, () => TypedResults.Bytes(Document.Value, "application/schema+json"))
            .WithTags("Flags as code")
            .WithSummary("The JSON Schema of the flags-as-code file (public).");
        return app;
    }
}
