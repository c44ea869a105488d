using Microsoft.Extensions.Diagnostics.HealthChecks;
using Vexil.Sdk.AspNetCore.HealthChecks;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Testing;
using Vexil.Sdk.Tests.Infrastructure;

namespace Vexil.Sdk.Tests.AspNetCore;

public sealed class VexilHealthCheckTests
{
    [Fact(Timeout = 20_000)]
    public async Task Ready_is_healthy_stale_is_degraded_and_offline_is_unhealthy()
    {
        using var ready = new VexilClient(new VexilOptions { TestData = new VexilTestData().Set("a", true) });
        Assert.Equal(HealthStatus.Healthy, (await Check(ready)).Status);

        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.Boolean("a", true));
        await using var stale = new VexilClient(TestClients.Options(server));
        Assert.True(await stale.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        await server.KillAsync();
        await Eventually.True(() => stale.Status.State == Status.VexilState.Stale, "the outage is noticed");
        var degraded = await Check(stale);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(1L, degraded.Data["version"]);

        await server.RunAsync();
        await using var refused = new VexilClient(TestClients.Options(server) with { SdkKey = "vx_srv_wrong" });
        Assert.False(await refused.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(HealthStatus.Unhealthy, (await Check(refused)).Status);
    }

    private static Task<HealthCheckResult> Check(VexilClient client)
    {
        var check = new VexilHealthCheck(client);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("vexil", check, HealthStatus.Unhealthy, null) };
        return check.CheckHealthAsync(context, TestContext.Current.CancellationToken);
    }
}
