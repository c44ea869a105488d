using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Release;

/// <summary>
/// scripts/release.sh fails, and publishes nothing, when a step fails: no dist/&lt;version&gt;, no staging folder left,
/// no tag, its "Release" commit undone, Directory.Build.props as it was. Each test runs the script in a clone of this
/// repository with a failing step injected (<c>--test-command</c>, <c>--upgrade-command</c>), so it takes seconds; the
/// whole packaging run (minutes) is the dry run in docs/operations.md#releasing.
/// </summary>
public sealed class ReleaseScriptTests : IDisposable
{
    private const string Version = "9.9.9";

    private static readonly Dictionary<string, string> Identity = new()
    {
        ["GIT_AUTHOR_NAME"] = "release test",
        ["GIT_AUTHOR_EMAIL"] = "release-test@vexil.invalid",
        ["GIT_COMMITTER_NAME"] = "release test",
        ["GIT_COMMITTER_EMAIL"] = "release-test@vexil.invalid",
    };

    private readonly string _clone = Path.Combine(Path.GetTempPath(), "vexil-release-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_clone))
        {
            Directory.Delete(_clone, recursive: true);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task FailingTests_PublishNothing_AndUndoTheReleaseCommit()
    {
        await CloneAsync();
        var before = await StateAsync();

        var run = await ReleaseAsync("--previous", "HEAD", "--skip-upgrade", "--test-command", "touch tests-ran; false");

        Assert.Equal(1, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(_clone, "tests-ran")), run.All); // it failed at the tests, after the release commit and the notes
        Assert.Contains("the test command failed", run.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was published", run.Error, StringComparison.Ordinal);
        await AssertNothingPublishedAsync(before);
    }

    [Fact(Timeout = 120_000)]
    public async Task FailingUpgradeTest_PublishesNothing()
    {
        await CloneAsync();
        var before = await StateAsync();

        var run = await ReleaseAsync("--previous", "HEAD", "--skip-tests", "--upgrade-command", "grep -q '<VersionPrefix>9.9.9<' Directory.Build.props && touch version-was-set; exit 3");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the upgrade test failed", run.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_clone, "version-was-set")), run.All); // it ran on the release commit
        await AssertNothingPublishedAsync(before);
    }

    [Fact(Timeout = 120_000)]
    public async Task WithoutPreviousRelease_FailsBeforeChangingAnything_SayingWhatIsMissing()
    {
        await CloneAsync();
        File.Delete(Path.Combine(_clone, "deploy", "previous-release"));
        await GitAsync("commit", "-q", "-a", "--allow-empty", "-m", "no previous release");
        var before = await StateAsync();

        var run = await ReleaseAsync("--skip-tests", "--skip-upgrade");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("deploy/previous-release is missing", run.Error, StringComparison.Ordinal);
        await AssertNothingPublishedAsync(before);
    }

    [Fact(Timeout = 120_000)]
    public async Task UncommittedChanges_AreRefused()
    {
        await CloneAsync();
        await File.AppendAllTextAsync(Path.Combine(_clone, "README.md"), "\nan edit\n", TestContext.Current.CancellationToken);

        var run = await ReleaseAsync("--previous", "HEAD", "--skip-tests", "--skip-upgrade");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("uncommitted changes", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_clone, "dist")));
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("v1.2.3")]
    [InlineData("1.2.3+build")]
    public async Task NotAVersion_IsRefused(string version)
    {
        await CloneAsync();

        var run = await ExternalTool.RunAsync("bash", ["scripts/release.sh", version, "--previous", "HEAD"], _clone, Identity);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not a version", run.Error, StringComparison.Ordinal);
    }

    /// <summary>A clone of this repository at its HEAD, with the working tree's release scripts committed on top.</summary>
    private async Task CloneAsync()
    {
        var root = ExternalTool.RepositoryRoot();
        var clone = await ExternalTool.RunAsync("git", ["clone", "-q", "--no-hardlinks", root, _clone]);
        Assert.True(clone.ExitCode == 0, clone.All);
        foreach (var script in new[] { "release.sh", "release-notes.sh", "verify-release.sh" })
        {
            File.Copy(Path.Combine(root, "scripts", script), Path.Combine(_clone, "scripts", script), overwrite: true);
        }

        Directory.CreateDirectory(Path.Combine(_clone, "deploy"));
        await File.WriteAllTextAsync(Path.Combine(_clone, "deploy", "previous-release"), "HEAD\n", TestContext.Current.CancellationToken);
        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "--allow-empty", "-m", "the release scripts under test");
    }

    private async Task<ExternalTool.Result> ReleaseAsync(params string[] arguments) =>
        await ExternalTool.RunAsync("bash", ["scripts/release.sh", Version, .. arguments], _clone, Identity);

    private async Task<(string Head, string Props, string Tags)> StateAsync() =>
        ((await GitAsync("rev-parse", "HEAD")).Trim(),
         await File.ReadAllTextAsync(Path.Combine(_clone, "Directory.Build.props"), TestContext.Current.CancellationToken),
         await GitAsync("tag", "-l"));

    private async Task AssertNothingPublishedAsync((string Head, string Props, string Tags) before)
    {
        Assert.False(Directory.Exists(Path.Combine(_clone, "dist", Version)));
        Assert.True(!Directory.Exists(Path.Combine(_clone, "dist")) || Directory.GetFileSystemEntries(Path.Combine(_clone, "dist")).Length == 0, "a staging folder was left in dist/");
        Assert.Equal(before, await StateAsync()); // same HEAD (the Release commit undone), same props, no tag
        Assert.Equal(string.Empty, (await GitAsync("status", "--porcelain", "--untracked-files=no")).Trim());
    }

    private async Task<string> GitAsync(params string[] arguments)
    {
        var result = await ExternalTool.RunAsync("git", arguments, _clone, Identity);
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', arguments)}: {result.All}");
        return result.Output;
    }
}
