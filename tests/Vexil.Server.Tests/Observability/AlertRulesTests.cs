using System.Text.RegularExpressions;
using Vexil.Server.Tests.Edge;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Observability;

/// <summary>
/// deploy/prometheus: the alert rules and the example scrape config pass promtool's checks and unit tests, and every
/// metric the rules name is one a real control plane or edge exports, so a renamed metric cannot silence an alert.
/// </summary>
public sealed partial class AlertRulesTests
{
    private static readonly string Folder = Path.Combine(ExternalTool.RepositoryRoot(), "deploy", "prometheus");

    [Fact(Timeout = 60_000)]
    public async Task Rules_PassPromtoolCheck()
    {
        var result = await PromtoolAsync("check", "rules", "vexil-alerts.yml");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("SUCCESS", result.All, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task ScrapeConfig_PassesPromtoolCheck()
    {
        // --syntax-only: the example reads its scrape token from a file on the Prometheus host, not in this repository.
        var result = await PromtoolAsync("check", "config", "--syntax-only", "prometheus.yml");

        Assert.True(result.ExitCode == 0, result.All);
    }

    [Fact(Timeout = 60_000)]
    public async Task Rules_PassTheirUnitTests()
    {
        var result = await PromtoolAsync("test", "rules", "vexil-alerts.test.yml");

        Assert.True(result.ExitCode == 0, result.All);
    }

    [Fact(Timeout = 60_000)]
    public async Task PromtoolCheck_FailsOnABrokenRule()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"vexil-broken-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(
            broken,
            (await File.ReadAllTextAsync(Path.Combine(Folder, "vexil-alerts.yml"), TestContext.Current.CancellationToken)).Replace("> 300", "> > 300", StringComparison.Ordinal),
            TestContext.Current.CancellationToken);
        try
        {
            var result = await PromtoolAsync("check", "rules", broken);

            Assert.NotEqual(0, result.ExitCode);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task EveryMetricTheRulesName_IsExportedByAControlPlaneOrAnEdge()
    {
        var referenced = ReferencedMetrics(await File.ReadAllTextAsync(Path.Combine(Folder, "vexil-alerts.yml"), TestContext.Current.CancellationToken));
        await using var controlPlane = await VexilTestServer.StartAsync();
        using var admin = await controlPlane.AdminAsync();
        var setup = await DeliverySetup.CreateAsync(admin);
        await using var edge = await EdgeHost.StartAsync(controlPlane.Address, setup.ServerKey, Path.Combine(Path.GetTempPath(), "vexil-edge-" + Guid.NewGuid().ToString("N")[..8]));
        using (var probe = new HttpClient { BaseAddress = edge.Address })
        {
            while ((await probe.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode != System.Net.HttpStatusCode.OK)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }

        var exported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var address in new[] { controlPlane.Address, edge.Address })
        {
            using var http = new HttpClient { BaseAddress = address };
            exported.UnionWith(ExportedNames(await http.ScrapeAsync()));
        }

        Assert.True(referenced.Count >= 10, "the rules should name at least 10 metrics: " + string.Join(", ", referenced));
        Assert.Empty(referenced.Where(name => !exported.Contains(name)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReferencedMetrics_IgnoresLabelsAndFunctions()
    {
        var names = ReferencedMetrics("""
            - alert: X
              expr: |
                histogram_quantile(0.99, sum by (job, vexil_environment, le) (rate(vexil_a_seconds_bucket{vexil_event_type="x"}[5m])))
                  / vexil_b_total > 0
              for: 1m
              annotations:
                summary: "{{ $labels.vexil_environment }} vexil_not_an_expression"
            """);

        Assert.Equal(["vexil_a_seconds_bucket", "vexil_b_total"], names.Order(StringComparer.Ordinal));
    }

    /// <summary>Every <c>vexil_*</c> and <c>http_*</c> series name in the rules' <c>expr</c>s (label names and matchers left out).</summary>
    internal static HashSet<string> ReferencedMetrics(string rules)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var lines = rules.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith("expr:", StringComparison.Ordinal))
            {
                continue;
            }

            var indent = lines[i].Length - trimmed.Length;
            var expression = trimmed["expr:".Length..];
            while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent))
            {
                expression += " " + lines[++i];
            }

            expression = Grouping().Replace(Matchers().Replace(expression, string.Empty), string.Empty);
            foreach (Match match in Identifier().Matches(expression))
            {
                names.Add(match.Value);
            }
        }

        return names;
    }

    /// <summary>Series names a scrape exposes: each <c># TYPE</c> name, and for histograms its _bucket, _sum and _count.</summary>
    private static IEnumerable<string> ExportedNames(string scrape)
    {
        foreach (var line in scrape.Split('\n'))
        {
            var parts = line.Split(' ');
            if (parts is ["#", "TYPE", var name, var kind])
            {
                yield return name;
                if (kind == "histogram")
                {
                    yield return name + "_bucket";
                    yield return name + "_sum";
                    yield return name + "_count";
                }
            }
        }
    }

    private static Task<ExternalTool.Result> PromtoolAsync(params string[] arguments) =>
        ExternalTool.RunAsync(ExternalTool.Require("promtool", "prometheus"), arguments, Folder);

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\b(vexil|http)_[a-zA-Z0-9_]+")]
    private static partial Regex Identifier();
}
