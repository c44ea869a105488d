using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;

namespace Vexil.Server.Tests.Storage.PreviousRelease;

/// <summary>
/// One run of the previous release's store contract (tests/Vexil.StoreContractProbe as built by scripts/previous-release.sh)
/// against copies of the given databases: what xUnit's result file says, and the runner's output for the failure message.
/// </summary>
internal sealed record StoreContractRun(int Total, int Passed, int Failed, int Skipped, IReadOnlyList<string> Failures, string Output)
{
    /// <summary>The variables tests/Vexil.StoreContractProbe/MigratedSchema.cs reads.</summary>
    private const string SqliteTemplate = "VEXIL_CONTRACT_SQLITE_TEMPLATE";

    private const string PostgresTemplate = "VEXIL_CONTRACT_POSTGRES_TEMPLATE";

    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    /// <summary>Everything the run reported, for an assertion's message.</summary>
    public string Report => $"{Total} tests, {Passed} passed, {Failed} failed, {Skipped} skipped\n{string.Join("\n", Failures)}\n--- runner output ---\n{Output}";

    public static async Task<StoreContractRun> RunAsync(PreviousReleaseBuild build, string sqliteTemplate, string postgresTemplate, IReadOnlyList<string> filter, CancellationToken cancellationToken)
    {
        var results = Path.Combine(Path.GetTempPath(), "vexil-contract-" + Guid.NewGuid().ToString("N")[..8] + ".xml");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(build.StoreContractProbe)!,
        };
        foreach (var argument in (string[])[build.StoreContractProbe, "-noLogo", "-noColor", "-noAutoReporters", "-failSkips", "-result-xml", results, .. filter])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[SqliteTemplate] = sqliteTemplate;
        start.Environment[PostgresTemplate] = postgresTemplate;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Bound);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the previous release's store contract did not finish within {Bound.TotalMinutes} minutes: {await stdout}{await stderr}");
        }

        var output = await stdout + await stderr;
        if (!File.Exists(results))
        {
            throw new InvalidOperationException($"the previous release's store contract wrote no results (exit code {process.ExitCode}): {output}");
        }

        try
        {
            return Read(XDocument.Load(results), output);
        }
        finally
        {
            File.Delete(results);
        }
    }

    private static StoreContractRun Read(XDocument results, string output)
    {
        var assembly = results.Root?.Element("assembly") ?? throw new InvalidOperationException($"no <assembly> in xUnit's results: {output}");
        var failures = new List<string>();
        foreach (var test in assembly.Descendants("test"))
        {
            if ((string?)test.Attribute("result") != "Pass")
            {
                failures.Add($"{(string?)test.Attribute("name")}: {(string?)test.Attribute("result")}: {test.Element("failure")?.Element("message")?.Value ?? test.Element("reason")?.Value}");
            }
        }

        return new StoreContractRun(Count(assembly, "total"), Count(assembly, "passed"), Count(assembly, "failed"), Count(assembly, "skipped"), failures, output);
    }

    private static int Count(XElement assembly, string attribute) =>
        int.Parse((string?)assembly.Attribute(attribute) ?? throw new InvalidOperationException($"xUnit's results have no '{attribute}'"), CultureInfo.InvariantCulture);
}
