using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Delivery;

/// <summary>Two control-plane replicas on one PostgreSQL: a stream on one carries the changes written through the other, from the change log.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaStreamTests(PostgresFixture postgres)
{
    [Fact(Timeout = 60_000)]
    public async Task StreamOnOneReplica_CarriesWritesThroughTheOther_InOrder()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var a = await VexilTestServer.StartAsync(database);
        await using var b = await VexilTestServer.StartAsync(database);
        using var adminA = await a.AdminAsync();
        var setup = await DeliverySetup.CreateAsync(adminA);
        await using var onB = await SseTestClient.ConnectAsync(b.Address, setup.ServerKey);
        var start = await onB.NextAsync();

        var versions = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            versions.Add(await setup.ToggleAsync(adminA, "f", i % 2 == 0));
        }

        var received = await onB.UntilVersionAsync(versions[^1]);
        Assert.Equal("ruleset", start.Type);
        Assert.Equal(versions, received.Select(e => e.Version));
        Assert.All(received, e => Assert.Equal("change", e.Type));
    }
}
