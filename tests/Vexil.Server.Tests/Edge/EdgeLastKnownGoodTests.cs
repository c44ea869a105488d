using Vexil.Delivery.Persistence;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Edge;

/// <summary>
/// An edge saves each version as last known good before any downstream subscriber sees it, so a SIGKILL between the two
/// never restarts it behind what it streamed.
/// </summary>
public sealed class EdgeLastKnownGoodTests
{
    private const string Key = "vx_srv_test-key-for-last-known-good";

    [Fact(Timeout = 60_000)]
    public async Task EveryVersionASubscriberReceives_IsAlreadyOnDisk()
    {
        var data = UpstreamFollowerTests.TempDirectory();
        await using var upstream = await FakeUpstream.StartAsync();
        await using var edge = await EdgeHost.StartAsync(upstream.Address, Key, data);
        upstream.Send("ruleset", 1, FakeUpstream.Document(1, ("f", false)));
        await using var subscriber = await ConnectAsync(edge);
        await subscriber.UntilVersionAsync(1);
        Assert.Equal(1, await OnDiskAsync(data, "first"));

        for (var version = 2; version <= 8; version++)
        {
            upstream.Send("change", version, $$$"""{"version":{{{version}}},"flags":{"upsert":[{{{FakeUpstream.Flag("f", version % 2 == 0)}}}],"delete":[]},"segments":{"upsert":[],"delete":[]}}""");
            var received = await subscriber.NextAsync();
            Assert.Equal(("change", version), (received.Type, received.Version));

            // What a process killed at this instant would restart from.
            Assert.True(await OnDiskAsync(data, "v" + version.ToString(System.Globalization.CultureInfo.InvariantCulture)) >= version, $"version {version} was streamed before it was saved");
        }
    }

    /// <summary>A downstream subscriber, once the edge holds a ruleset to stream (503 before).</summary>
    private static async Task<SseTestClient> ConnectAsync(EdgeHost edge)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SseTestClient.ConnectAsync(edge.Address, Key);
            }
            catch (HttpRequestException e) when (e.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && attempt < 100)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>The version a restart would load: a copy of the edge's files (document and journal), read as the edge reads them.</summary>
    private static async Task<long> OnDiskAsync(string data, string name)
    {
        var copy = Path.Combine(Path.GetTempPath(), "vexil-lkg-copy-" + Guid.NewGuid().ToString("N")[..8], name);
        Directory.CreateDirectory(copy);
        try
        {
            var document = Directory.GetFiles(data, "*.ruleset.json").Single();
            File.Copy(document, Path.Combine(copy, "r.ruleset.json"));
            if (File.Exists(document + ".changes"))
            {
                File.Copy(document + ".changes", Path.Combine(copy, "r.ruleset.json.changes"));
            }

            await using var file = new LastKnownGoodFile(Path.Combine(copy, "r.ruleset.json"));
            return file.Load(out _)?.Ruleset.Version ?? -1;
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }
}
