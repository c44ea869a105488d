using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Vexil.Cluster.Tests.Infrastructure;
using Vexil.Sdk;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Diagnostics;
using Vexil.Testing;

namespace Vexil.Cluster.Tests.Tracing;

/// <summary>
/// One change traced across three processes into a real OTLP receiver: a control plane (configured by
/// <c>Vexil:Telemetry:OtlpEndpoint</c>), an edge following it (configured by the standard <c>OTEL_*</c> variables) and
/// an SDK client in this process (the OpenTelemetry SDK listening to <see cref="VexilTelemetry.ActivitySourceNames"/>).
/// </summary>
public sealed class ChangeTraceTests
{
    private const string Version = "vexil.version";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 240_000)]
    public async Task A_toggle_is_one_trace_from_the_write_through_the_edge_to_the_SDK_each_span_carrying_the_version()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var root = Directory.CreateTempSubdirectory("vexil-trace-").FullName;
        await using var receiver = await OtlpReceiver.StartAsync(cancellationToken);
        var controlPlaneAddress = new Uri($"http://127.0.0.1:{NodeProcess.FreePort()}");
        await using var controlPlane = NodeProcess.Start([], new Dictionary<string, string>
        {
            ["Vexil__Listen"] = controlPlaneAddress.ToString(),
            ["Vexil__DataDirectory"] = Path.Combine(root, "cp"),
            ["Vexil__AdminPassword"] = VexilServerProcess.AdminPassword,
            ["Vexil__Telemetry__OtlpEndpoint"] = receiver.Address.ToString(),
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        using (var plain = new HttpClientHandler())
        {
            await controlPlane.WaitForAsync(new Uri(controlPlaneAddress, "/healthz"), plain, Wait, cancellationToken);
        }

        using var admin = await AdminApi.SignInAsync(controlPlaneAddress, cancellationToken);
        var project = await admin.CreateProjectAsync(cancellationToken);
        await admin.CreateBooleanFlagAsync(project, "traced", cancellationToken);
        var key = await admin.CreateSdkKeyAsync(project, "production", "server", cancellationToken);

        var edgeAddress = new Uri($"http://127.0.0.1:{NodeProcess.FreePort()}");
        await using var edge = NodeProcess.Start(["edge", "--upstream", controlPlaneAddress.ToString()], new Dictionary<string, string>
        {
            ["Vexil__Listen"] = edgeAddress.ToString(),
            ["Vexil__Edge__DataDirectory"] = Path.Combine(root, "edge"),
            ["Vexil__Edge__Keys__0"] = key,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Address.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        using (var plain = new HttpClientHandler())
        {
            await edge.WaitForAsync(new Uri(edgeAddress, "/health/ready"), plain, Wait, cancellationToken);
        }

        using var tracing = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService("sdk-under-test"))
            .AddSource([.. VexilTelemetry.ActivitySourceNames])
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(receiver.Address, "/v1/traces");
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
            })
            .Build();
        await using var client = new VexilClient(new VexilOptions { SdkKey = key, BaseAddress = edgeAddress, SendEvents = false });
        Assert.True(await client.WaitForInitializationAsync(Wait, cancellationToken), "the SDK did not get the rules from the edge");
        Assert.False(client.GetBoolean("traced", defaultValue: true));

        var version = (await admin.SetEnabledAsync(project, "production", "traced", true, cancellationToken)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (!client.GetBoolean("traced", defaultValue: false))
        {
            await Task.Delay(50, cancellationToken);
        }

        Assert.True(tracing.ForceFlush(10_000));
        var spans = await receiver.WaitForAsync(s => Chain(s, version) is not null, Wait, cancellationToken);
        var (record, publish, edgeApply, edgePublish, sdkFollow, sdkApply) = Chain(spans, version)!.Value;

        // One trace: the write's request on the control plane is the root of everything the change caused.
        var request = Assert.Single(spans, s => s.SpanId == record.ParentSpanId);
        Assert.Equal(("vexil", 2), (request.Service, request.Kind)); // an ASP.NET Core server span
        Assert.All([publish, edgeApply, edgePublish, sdkFollow, sdkApply], s => Assert.Equal(record.TraceId, s.TraceId));

        // Each hop is the child of the one before it, across three processes.
        Assert.Equal(record.SpanId, publish.ParentSpanId);
        Assert.Equal(record.SpanId, edgeApply.ParentSpanId);
        Assert.Equal(edgeApply.SpanId, edgePublish.ParentSpanId);
        Assert.Equal(edgePublish.SpanId, sdkFollow.ParentSpanId);
        Assert.Equal(sdkFollow.SpanId, sdkApply.ParentSpanId);
        Assert.Equal(["vexil", "vexil", "vexil-edge", "vexil-edge", "sdk-under-test", "sdk-under-test"], new[] { record, publish, edgeApply, edgePublish, sdkFollow, sdkApply }.Select(s => s.Service));
        Assert.All([record, publish, edgeApply, edgePublish, sdkFollow, sdkApply], s => Assert.Equal(version, s[Version]));

        // The HttpClient instrumentation carries traceparent on the edge's calls upstream: a control-plane server span
        // is the child of an edge client span.
        Assert.Contains(spans, server => server.Service == "vexil" && server.Kind == 2
            && spans.Any(c => c.Service == "vexil-edge" && c.Kind == 3 && c.SpanId == server.ParentSpanId && c.TraceId == server.TraceId));
        Assert.Empty(receiver.Problems);
        TryDelete(root);
    }

    private static (ReceivedSpan, ReceivedSpan, ReceivedSpan, ReceivedSpan, ReceivedSpan, ReceivedSpan)? Chain(IReadOnlyList<ReceivedSpan> spans, string version)
    {
        var record = spans.FirstOrDefault(s => s.Service == "vexil" && s.Name == "vexil.change.record" && s[Version] == version);
        if (record is null)
        {
            return null;
        }

        ReceivedSpan? Find(string service, string name) =>
            spans.FirstOrDefault(s => s.Service == service && s.Name == name && s.TraceId == record.TraceId);

        return (Find("vexil", "vexil.change.publish"), Find("vexil-edge", "vexil.change.apply"), Find("vexil-edge", "vexil.change.publish"),
                Find("sdk-under-test", "vexil.change.apply"), Find("sdk-under-test", "vexil.sdk.apply")) is ({ } p, { } ea, { } ep, { } sf, { } sa)
            && spans.Any(s => s.SpanId == record.ParentSpanId)
            ? (record, p, ea, ep, sf, sa)
            : null;
    }

    private static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
