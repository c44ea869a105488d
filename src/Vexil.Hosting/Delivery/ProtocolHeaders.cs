namespace Vexil.Hosting.Delivery;

/// <summary>The delivery protocol's headers (docs/protocol.md), alike on the control plane and an edge.</summary>
internal static class ProtocolHeaders
{
    /// <summary>The delivery protocol's version header.</summary>
    public const string ProtocolHeader = "Vexil-Protocol";

    /// <summary>Read-your-writes: the version the caller needs at least.</summary>
    public const string MinVersionHeader = "Vexil-Min-Version";

    public const string MinVersionSatisfiedHeader = "Vexil-Min-Version-Satisfied";

    /// <summary>Protocol version 1: every answer under <c>/sdk</c> says so, errors included.</summary>
    public static IApplicationBuilder UseVexilProtocolHeader(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/sdk", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[ProtocolHeader] = "1";
            }

            return next(context);
        });
}
