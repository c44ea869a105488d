using Vexil.Sdk.Configuration;
using Vexil.Sdk.Status;
using Vexil.Sdk.Tests.Infrastructure;

namespace Vexil.Sdk.Tests.Delivery;

public sealed class PollingDataSourceTests
{
    [Fact(Timeout = 20_000)]
    public async Task Polling_uses_the_ETag_and_picks_up_changes()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.String("theme", "light"));
        await using var client = new VexilClient(TestClients.Options(server) with { Mode = DataSourceMode.Polling });
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal("light", client.GetString("theme", "none"));

        await Eventually.True(() => server.RulesetRequests >= 3, "several polls (304s) go by");
        Assert.Equal(1, client.Ruleset.Version);
        server.SetFlag(TestFlags.String("theme", "dark"));

        await Eventually.True(() => client.GetString("theme", "none") == "dark", "the change is polled");
        Assert.Equal(VexilState.Ready, client.Status.State);
        Assert.Equal(0, server.StreamConnections);
    }
}
