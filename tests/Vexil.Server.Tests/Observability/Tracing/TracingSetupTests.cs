using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vexil.Hosting.Configuration;
using Vexil.Hosting.Observability.Tracing;

namespace Vexil.Server.Tests.Observability.Tracing;

/// <summary>Tracing is off unless an endpoint or <c>Vexil:Telemetry:Enabled</c> turns it on; a bad setting stops the start with its name.</summary>
public sealed class TracingSetupTests
{
    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "Vexil:Telemetry:OtlpEndpoint=http://127.0.0.1:4318" }, true)]
    [InlineData(new[] { "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318" }, true)]
    [InlineData(new[] { "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:4318/v1/traces" }, true)]
    [InlineData(new[] { "Vexil:Telemetry:Enabled=true" }, true)]
    [InlineData(new[] { "Vexil:Telemetry:Enabled=false", "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318" }, false)]
    [InlineData(new[] { "OTEL_SDK_DISABLED=true", "Vexil:Telemetry:OtlpEndpoint=http://127.0.0.1:4318" }, false)]
    public void Tracing_is_on_only_when_configured(string[] settings, bool on)
    {
        var builder = Builder(settings);

        Assert.Equal(on, TracingSetup.Add(builder, "vexil"));
        using var app = builder.Build();
        Assert.Equal(on, app.Services.GetService<OpenTelemetry.Trace.TracerProvider>() is not null);
    }

    [Theory]
    [InlineData("Vexil:Telemetry:SamplingRatio=1.5", "SamplingRatio")]
    [InlineData("Vexil:Telemetry:OtlpProtocol=udp", "OtlpProtocol")]
    [InlineData("Vexil:Telemetry:OtlpEndpoint=collector:4318", "OtlpEndpoint")]
    public void A_bad_setting_is_refused_with_its_name(string setting, string name)
    {
        var builder = Builder(["Vexil:Telemetry:Enabled=true", setting]);

        var e = Assert.Throws<ConfigurationException>(() => TracingSetup.Add(builder, "vexil"));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    private static WebApplicationBuilder Builder(string[] settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings.Select(s => s.Split('=', 2)).Select(p => new KeyValuePair<string, string?>(p[0], p[1])));
        return builder;
    }
}
