using System.Globalization;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Vexil.Delivery.Tracing;
using Vexil.Hosting.Configuration;

namespace Vexil.Hosting.Observability.Tracing;

/// <summary>
/// Turns tracing on when it is configured (<see cref="TelemetryOptions"/>): the OpenTelemetry SDK with the OTLP
/// exporter, Vexil's own sources (<c>Vexil.Server</c>, <c>Vexil.Delivery</c>), and the ASP.NET Core, HttpClient (W3C
/// <c>traceparent</c> on every outgoing call) and the role's own (the control plane's Npgsql) instrumentation. When it is off nothing is registered: the
/// instrumented code costs one <c>HasListeners</c> check.
/// </summary>
internal static class TracingSetup
{
    /// <summary>
    /// Adds tracing for the role whose default <c>service.name</c> is <paramref name="serviceName"/>; true when it is on.
    /// <paramref name="instrument"/> adds the role's own instrumentation (the control plane's Npgsql).
    /// </summary>
    public static bool Add(WebApplicationBuilder builder, string serviceName, Action<TracerProviderBuilder>? instrument = null)
    {
        var configuration = builder.Configuration;
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!IsOn(configuration, options))
        {
            return false;
        }

        Validate(options);
        var name = string.IsNullOrEmpty(configuration["OTEL_SERVICE_NAME"]) ? options.ServiceName ?? serviceName : null;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (name is not null)
                {
                    resource.AddService(name, serviceVersion: typeof(TracingSetup).Assembly.GetName().Version?.ToString());
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(ServerTelemetry.ActivitySourceName, DeliveryTelemetry.ActivitySourceName, Vexil.Events.Bus.Nats.NatsTelemetry.ActivitySourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddOtlpExporter(o => Configure(o, options));
                instrument?.Invoke(tracing);
                if (options.SamplingRatio is { } ratio)
                {
                    tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)));
                }
            });
        return true;
    }

    internal static bool IsOn(IConfiguration configuration, TelemetryOptions options)
    {
        if (options.Enabled == false || string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return options.Enabled == true
            || !string.IsNullOrWhiteSpace(options.OtlpEndpoint)
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);
    }

    private static void Configure(OtlpExporterOptions exporter, TelemetryOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return; // the OTEL_EXPORTER_OTLP_* variables, read by the exporter
        }

        var grpc = string.Equals(options.OtlpProtocol, "grpc", StringComparison.OrdinalIgnoreCase);
        var endpoint = new Uri(options.OtlpEndpoint, UriKind.Absolute);
        exporter.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = grpc ? endpoint : new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/v1/traces");
    }

    // Checked at start, so a typo stops the server with the setting's name instead of exporting nowhere.
    private static void Validate(TelemetryOptions options)
    {
        if (options.SamplingRatio is < 0 or > 1 or double.NaN)
        {
            throw new ConfigurationException(
                $"{TelemetryOptions.Section}:SamplingRatio must be between 0 and 1, not {options.SamplingRatio.Value.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (options.OtlpProtocol is { Length: > 0 } protocol
            && !string.Equals(protocol, "grpc", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(protocol, "http/protobuf", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException($"{TelemetryOptions.Section}:OtlpProtocol must be http/protobuf or grpc, not '{protocol}'.");
        }

        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)
            && (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            throw new ConfigurationException($"{TelemetryOptions.Section}:OtlpEndpoint must be an http or https address, not '{options.OtlpEndpoint}'.");
        }
    }

    // Health probes and scrapes are not worth a trace each.
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
