using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Release;

/// <summary>
/// scripts/verify-release.sh, which release.sh runs on its staging folder before publishing: a complete folder passes;
/// a file changed after its sum, an SBOM without components, a package without symbols, an executable that says
/// another version, or a release without its Native AOT edge fails, naming the problem.
/// </summary>
public sealed class VerifyReleaseScriptTests : IDisposable
{
    private const string Version = "9.9.9";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vexil-verify-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact(Timeout = 60_000)]
    public async Task CompleteRelease_Verifies()
    {
        await MakeReleaseAsync();

        var run = await VerifyAsync();

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("sums verify; SBOM 2 components; 2 packages with symbols; vexil --version: vexil 9.9.9+0123abc; vexil-edge --version: vexil-edge 9.9.9+0123abc", run.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task FileChangedAfterItsSum_Fails()
    {
        await MakeReleaseAsync();
        await File.AppendAllTextAsync(Path.Combine(_dir, "RELEASE-NOTES.md"), "x", TestContext.Current.CancellationToken);

        var run = await VerifyAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("SHA256SUMS does not verify", run.Error, StringComparison.Ordinal);
        Assert.Contains("RELEASE-NOTES.md: FAILED", run.All, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task FileWithoutASum_Fails()
    {
        await MakeReleaseAsync();
        await File.WriteAllTextAsync(Path.Combine(_dir, "extra.txt"), "x", TestContext.Current.CancellationToken);

        var run = await VerifyAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("extra.txt is not in SHA256SUMS", run.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task SbomWithoutComponents_Fails()
    {
        await MakeReleaseAsync(sbomComponents: "[]");

        var run = await VerifyAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("vexil-9.9.9.cdx.json is not a CycloneDX JSON document with components", run.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task PackageWithoutSymbols_Fails()
    {
        await MakeReleaseAsync(skipSymbolsOf: "Vexil.Sdk");

        var run = await VerifyAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("packages/Vexil.Sdk.9.9.9.nupkg has no symbols package", run.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task ExecutableSayingAnotherVersion_Fails()
    {
        await MakeReleaseAsync(executableSays: "vexil 1.0.0+abc");

        var run = await VerifyAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'vexil --version' said 'vexil 1.0.0+abc', not 9.9.9", run.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task AotEdgeSayingAnotherVersion_Fails()
    {
        await MakeReleaseAsync(edgeSays: "vexil-edge 0.1.0+abc");

        var run = await VerifyAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'vexil-edge --version' said 'vexil-edge 0.1.0+abc', not 9.9.9", run.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task ReleaseWithoutTheAotEdge_Fails()
    {
        await MakeReleaseAsync(edgeSays: null);

        var run = await VerifyAsync();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("vexil-edge-9.9.9-linux-x64-aot.tar.gz (the Native AOT edge) is missing", run.Error, StringComparison.Ordinal);
    }

    private Task<ExternalTool.Result> VerifyAsync() =>
        ExternalTool.RunAsync("bash", [Path.Combine(ExternalTool.RepositoryRoot(), "scripts", "verify-release.sh"), _dir, Version]);

    /// <summary>A release folder as release.sh stages it, with shell scripts standing in for the executables (no AOT edge when <paramref name="edgeSays"/> is null).</summary>
    private async Task MakeReleaseAsync(string sbomComponents = """[{"name":"Npgsql"},{"name":"Microsoft.Data.Sqlite"}]""", string? skipSymbolsOf = null, string executableSays = "vexil 9.9.9+0123abc", string? edgeSays = "vexil-edge 9.9.9+0123abc")
    {
        var edge = edgeSays is null ? string.Empty : $$"""
            mkdir -p 'x/vexil-edge-9.9.9-linux-x64-aot'
            printf '#!/bin/sh\necho "%s"\n' '{{edgeSays}}' > x/vexil-edge-9.9.9-linux-x64-aot/vexil-edge && chmod +x x/vexil-edge-9.9.9-linux-x64-aot/vexil-edge
            tar -C x -czf vexil-edge-9.9.9-linux-x64-aot.tar.gz vexil-edge-9.9.9-linux-x64-aot
            """;
        var sbom = """{"bomFormat":"CycloneDX","specVersion":"1.7","metadata":{"component":{"name":"vexil","version":"9.9.9"}},"components":""" + sbomComponents + "}";
        var script = $$"""
            set -euo pipefail
            mkdir -p '{{_dir}}/packages' '{{_dir}}/x/vexil-9.9.9-linux-x64' && cd '{{_dir}}'
            printf '# Vexil 9.9.9\n\nnotes\n' > RELEASE-NOTES.md
            for id in Vexil.Core Vexil.Sdk; do
              echo nupkg > packages/$id.9.9.9.nupkg
              [ "$id" = '{{skipSymbolsOf}}' ] || echo snupkg > packages/$id.9.9.9.snupkg
            done
            echo '{{sbom}}' > vexil-9.9.9.cdx.json
            printf '#!/bin/sh\necho "%s"\n' '{{executableSays}}' > x/vexil-9.9.9-linux-x64/vexil && chmod +x x/vexil-9.9.9-linux-x64/vexil
            tar -C x -czf vexil-9.9.9-linux-x64.tar.gz vexil-9.9.9-linux-x64
            {{edge}}
            rm -rf x
            find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS
            """;
        var made = await ExternalTool.RunAsync("bash", ["-c", script]);
        Assert.True(made.ExitCode == 0, made.All);
    }
}
