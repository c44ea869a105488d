using System.Net;
using Microsoft.Extensions.Configuration;
using Vexil.Server.Backup;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Dashboard;
using Vexil.Server.Tests.Edge;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Hosting;

/// <summary>
/// Everything Vexil writes is its own: folders 0700, files 0600 (SQLite databases with their -wal and -shm files, the
/// dashboard's data-protection keys, the webhook key, edges' last-known-good and client-key files and event spool,
/// backups), whatever the process's umask, and a data folder an older version left open is closed at start.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModesTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "vexil-modes-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task ControlPlaneEdgeAndBackup_CreateOnlyPrivateFilesAndFolders()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await using (var server = await VexilTestServer.StartAsync(dataDirectory: data, configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Vexil:WebhookAllowedNetworks:0"] = "127.0.0.1" })))
        {
            using var admin = await server.AdminAsync();
            var project = await admin.CreateProjectAsync();
            await admin.CreateFlagAsync(project, "f");
            var serverKey = await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "server");
            await AuthorizationMatrixTests.SdkKeyAsync(admin, project, "production", "client");
            (await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "*" } })).EnsureSuccessStatusCode();
            using (var key = server.Client(serverKey))
            {
                using var accepted = await key.SendAsync(HttpMethod.Post, "/events/v1/bulk", """{"id":"b-1","summaries":[{"flag":"f","variation":"on","version":1,"count":1,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}""");
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            }

            using (var session = await Session.SignInAsync(server.Address, "admin", VexilTestServer.AdminPassword))
            {
                Assert.Equal("/", session.LandedOn); // the dashboard's antiforgery keys are on disk now
            }

            var edgeData = Path.Combine(_root, "edge");
            await using (var edge = await EdgeHost.StartAsync(server.Address, serverKey, edgeData))
            {
                await UntilAsync(() => Directory.Exists(edgeData) && Directory.EnumerateFiles(edgeData, "*.ruleset.json").Any() && Directory.EnumerateFiles(edgeData, "*.client-keys.json").Any(), ct);
                using var client = new HttpClient { BaseAddress = edge.Address };
                client.DefaultRequestHeaders.Authorization = new("Bearer", serverKey);
                using var spooled = await client.SendAsync(HttpMethod.Post, "/events/v1/bulk", """{"id":"b-2","summaries":[{"flag":"f","variation":"on","version":1,"count":1,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}]}""");
                Assert.Equal(HttpStatusCode.Accepted, spooled.StatusCode);
                AssertPrivate(edgeData, mustHold: ["events-spool.db"]);
            }

            AssertPrivate(data, mustHold: ["vexil.db", "vexil.db-wal", "vexil.db-shm", "events.db", "queue.db", "webhook-secret.key"]);
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(data, "dashboard-keys")));
        }

        var backup = Path.Combine(_root, "backup");
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await BackupCommand.RunAsync(["--out", backup, $"--Vexil:DataDirectory={data}"], output, error, ct));
        AssertPrivate(backup, mustHold: ["vexil.db", "events.db"]);
    }

    private static void AssertPrivate(string root, string[] mustHold)
    {
        var open = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Prepend(root))
        {
            var mode = File.GetUnixFileMode(entry);
            if ((mode & Private) != 0)
            {
                open.Add($"{entry}: {Convert.ToString((int)mode, 8)}");
            }
        }

        var names = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        Assert.All(mustHold, name => Assert.Contains(name, names));
        Assert.True(open.Count == 0, "open to group or others:\n" + string.Join("\n", open));
    }

    private static async Task UntilAsync(Func<bool> condition, CancellationToken ct)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(50, ct);
        }

        Assert.True(condition());
    }
}
