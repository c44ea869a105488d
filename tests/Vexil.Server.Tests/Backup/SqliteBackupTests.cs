using Vexil.Server.Backup;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Backup;

/// <summary><c>vexil backup</c> of a running embedded store, restored into a fresh data folder.</summary>
public sealed class SqliteBackupTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "vexil-backup-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact(Timeout = 120_000)]
    public async Task BackupOfARunningServer_RestoredIntoAFreshFolder_ServesTheSameRulesetsAndKeys()
    {
        var original = Path.Combine(_root, "original");
        var backup = Path.Combine(_root, "backup");
        var restoredFolder = Path.Combine(_root, "restored");
        BackupScenario scenario;
        IReadOnlyDictionary<string, (string ETag, string Body)> before;
        await using (var server = await VexilTestServer.StartAsync(dataDirectory: original))
        {
            using var admin = await server.AdminAsync();
            scenario = await BackupScenario.CreateAsync(admin);
            before = await scenario.CaptureAsync(server.Address);

            var (exit, output, error) = await RunAsync("--out", backup, $"--Vexil:DataDirectory={original}");

            Assert.True(exit == 0, error);
            Assert.Contains("vexil.db\t", output, StringComparison.Ordinal);
        }

        CopyFolder(backup, restoredFolder);
        Assert.False(File.Exists(Path.Combine(restoredFolder, "vexil.db-wal")));
        await using var restored = await VexilTestServer.StartAsync(dataDirectory: restoredFolder);

        await scenario.AssertRestoredAsync(before, restored);
    }

    [Fact(Timeout = 120_000)]
    public async Task VexilExecutable_BackupCommand_ReadsTheDataFolderFromTheEnvironment()
    {
        var data = Path.Combine(_root, "data");
        var backup = Path.Combine(_root, "backup");
        await using (var server = await VexilTestServer.StartAsync(dataDirectory: data))
        {
            using var admin = await server.AdminAsync();
            await admin.CreateProjectAsync();

            var result = await ExternalTool.RunAsync(
                "dotnet",
                [Path.Combine(AppContext.BaseDirectory, "vexil.dll"), "backup", "--out", backup],
                environment: new Dictionary<string, string> { ["Vexil__DataDirectory"] = data });

            Assert.True(result.ExitCode == 0, result.All);
        }

        Assert.True(new FileInfo(Path.Combine(backup, "vexil.db")).Length > 0);
        Assert.True(File.Exists(Path.Combine(backup, "events", "events.db")));
    }

    [Fact(Timeout = 30_000)]
    public async Task Backup_WithoutOut_IsAUsageError()
    {
        var (exit, _, error) = await RunAsync($"--Vexil:DataDirectory={_root}");

        Assert.Equal(2, exit);
        Assert.Contains("usage", error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Backup_OfAFolderWithoutAStore_Fails()
    {
        Directory.CreateDirectory(_root);

        var (exit, _, error) = await RunAsync("--out", Path.Combine(_root, "out"), $"--Vexil:DataDirectory={_root}");

        Assert.Equal(1, exit);
        Assert.Contains("no store", error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Backup_IntoAFolderThatIsNotEmpty_FailsAndOverwritesNothing()
    {
        var data = Path.Combine(_root, "data");
        await using (await VexilTestServer.StartAsync(dataDirectory: data))
        {
        }

        var target = Path.Combine(_root, "out");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "vexil.db"), "keep me", TestContext.Current.CancellationToken);

        var (exit, _, error) = await RunAsync("--out", target, $"--Vexil:DataDirectory={data}");

        Assert.Equal(1, exit);
        Assert.Contains("not empty", error, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(Path.Combine(target, "vexil.db"), TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await BackupCommand.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
