namespace Vexil.Hosting.Observability.Tracing;

/// <summary>
/// Tracing (section <c>Vexil:Telemetry</c>), off by default. It is on when <see cref="OtlpEndpoint"/> is set, or when
/// the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> is; <see cref="Enabled"/>
/// false (or <c>OTEL_SDK_DISABLED=true</c>) turns it off whatever else says. Every other standard <c>OTEL_*</c>
/// variable (headers, protocol, sampler, resource attributes) is read by the OpenTelemetry SDK itself.
/// </summary>
// Settable, not init: the configuration binding generator (Native AOT) skips init-only properties without a word
// (dotnet/runtime#107856); OptionsBindingTests keeps it so.
internal sealed record TelemetryOptions
{
    public const string Section = "Vexil:Telemetry";

    /// <summary>True or false forces tracing on (exporting by the <c>OTEL_*</c> variables' defaults) or off; unset follows the endpoint.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The OTLP receiver's base address (<c>http://collector:4318</c>); for <c>http/protobuf</c> <c>/v1/traces</c> is added.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> (default when <see cref="OtlpEndpoint"/> is set) or <c>grpc</c>.</summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>
    /// The share of new traces sampled, 0 to 1 (parent-based: a change's spans follow its write's decision). Unset
    /// leaves the sampler to <c>OTEL_TRACES_SAMPLER</c>/<c>OTEL_TRACES_SAMPLER_ARG</c> (default: every trace).
    /// </summary>
    public double? SamplingRatio { get; set; }

    /// <summary>The <c>service.name</c> resource attribute; default <c>vexil</c>, <c>vexil-edge</c> or <c>vexil-serve</c> by role (<c>OTEL_SERVICE_NAME</c> wins).</summary>
    public string? ServiceName { get; set; }
}
