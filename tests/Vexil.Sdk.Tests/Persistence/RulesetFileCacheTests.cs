using Vexil.Sdk.Status;
using Vexil.Sdk.Tests.Infrastructure;

namespace Vexil.Sdk.Tests.Persistence;

public sealed class RulesetFileCacheTests
{
    [Fact(Timeout = 20_000)]
    public async Task An_application_restarted_during_an_outage_evaluates_from_its_cache_file()
    {
        var cacheFile = TestClients.TempFile("vexil-cache.json");
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("checkout", false));
        await using (var first = new VexilClient(TestClients.Options(server) with { CacheFilePath = cacheFile }))
        {
            Assert.True(await first.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
            server.SetFlag(TestFlags.Boolean("checkout", true));
            await Eventually.True(() => first.Ruleset.Version == 2, "the change arrives");
            await Eventually.True(() => File.Exists(cacheFile) && File.ReadAllText(cacheFile).Contains("\"version\":2", StringComparison.Ordinal), "the cache is written");
        }

        await server.KillAsync();

        await using var restarted = new VexilClient(TestClients.Options(server) with { CacheFilePath = cacheFile });
        Assert.True(restarted.GetBoolean("checkout", false));
        Assert.Equal(2, restarted.Ruleset.Version);
        Assert.Equal(2, restarted.Status.Version);
        Assert.False(await restarted.WaitForInitializationAsync(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken));
        Assert.NotEqual(VexilState.Ready, restarted.Status.State);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(cacheFile)!)); // no temporary file left behind
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cacheFile)); // the rules are for this application only
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task A_corrupt_cache_file_is_ignored()
    {
        var cacheFile = TestClients.TempFile("vexil-cache.json");
        Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
        await File.WriteAllTextAsync(cacheFile, "{ not json", TestContext.Current.CancellationToken);
        await using var server = await DeliveryTestServer.StartAsync(4, TestFlags.Boolean("a", true));
        await using var client = new VexilClient(TestClients.Options(server) with { CacheFilePath = cacheFile });

        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.True(client.GetBoolean("a", false));
        await Eventually.True(() => File.ReadAllText(cacheFile).Contains("\"version\":4", StringComparison.Ordinal), "the cache is replaced");
    }
}
