using System.Text.RegularExpressions;
using Vexil.Server.Tests.Edge;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Observability;

/// <summary>
/// The metric lists in docs/operations.md and docs/protocol.md match what /metrics exports: every documented metric
/// is exported by the role it belongs to (vexil_edge_* and vexil_events_forward_* by an edge, the rest by the control plane; the protocol page
/// names instruments), and every Vexil metric either role exports is in the operations table.
/// </summary>
public sealed partial class MetricsDocumentationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Metrics_DocumentedInOperationsAndProtocol_AreExported_AndEveryExportedOneIsDocumented()
    {
        var setup = await DeliverySetup.CreateAsync(fixture.Admin);
        await using var stream = await SseTestClient.ConnectAsync(fixture.Server.Address, setup.ServerKey);
        await stream.NextAsync();
        await using var edge = await EdgeHost.StartAsync(fixture.Server.Address, setup.ServerKey, Path.Combine(Path.GetTempPath(), "vexil-metrics-docs-" + Guid.NewGuid().ToString("N")));
        var controlPlane = Exported(await ScrapeAsync(fixture.Server.Address));
        var edgeMetrics = Exported(await ScrapeAsync(edge.Address));

        var operations = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "operations.md"));
        var table = operations[operations.IndexOf("## Health and metrics", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var documented = PrometheusName().Matches(table).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var protocol = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "protocol.md"));
        var inProtocol = InstrumentName().Matches(protocol).Select(m => m.Groups[1].Value.Replace('.', '_')).ToHashSet(StringComparer.Ordinal);

        Assert.True(documented.Count >= 10, $"only {documented.Count} metrics found in docs/operations.md");
        Assert.NotEmpty(inProtocol);
        var missing = documented.Where(name => !(IsEdgeOnly(name) ? edgeMetrics : controlPlane).Contains(name)).ToList();
        Assert.True(missing.Count == 0, "documented in docs/operations.md but not exported: " + string.Join(", ", missing));
        var missingFromProtocol = inProtocol.Where(name => !controlPlane.Concat(edgeMetrics).Any(e => e.StartsWith(name, StringComparison.Ordinal))).ToList();
        Assert.True(missingFromProtocol.Count == 0, "named in docs/protocol.md but not exported: " + string.Join(", ", missingFromProtocol));

        var undocumented = controlPlane.Concat(edgeMetrics).Distinct().Where(name => !documented.Contains(name)).ToList();
        Assert.True(undocumented.Count == 0, "exported but missing from the table in docs/operations.md: " + string.Join(", ", undocumented));
    }

    /// <summary>Metrics only an edge exports: its own (<c>vexil_edge_*</c>) and its event spool's forwarding.</summary>
    private static bool IsEdgeOnly(string name) =>
        name.StartsWith("vexil_edge_", StringComparison.Ordinal) || name.StartsWith("vexil_events_forward_", StringComparison.Ordinal);

    private static async Task<string> ScrapeAsync(Uri server)
    {
        using var http = new HttpClient { BaseAddress = server };
        return await http.ScrapeAsync();
    }

    private static HashSet<string> Exported(string scrape) =>
        TypeLine().Matches(scrape).Select(m => m.Groups[1].Value).Where(n => n.StartsWith("vexil_", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vexil.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Vexil.slnx not found above the test binaries");
    }

    [GeneratedRegex(@"^# TYPE (\S+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    // `vexil_delivery_streams`, `vexil_edge_ruleset_age_seconds{vexil_environment}` (labels left off).
    [GeneratedRegex(@"`(vexil_[a-z0-9_]+)[`{]")]
    private static partial Regex PrometheusName();

    // `vexil.delivery.propagation.lag` (an instrument's OpenTelemetry name; Prometheus adds unit and _total suffixes).
    [GeneratedRegex(@"`(vexil\.[a-z0-9_.]+)`")]
    private static partial Regex InstrumentName();
}
