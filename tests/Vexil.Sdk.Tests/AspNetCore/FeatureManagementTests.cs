using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Vexil.Core.Context;
using Vexil.Sdk.AspNetCore.FeatureManagement;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Testing;
using Vexil.Sdk.Tests.Infrastructure;

namespace Vexil.Sdk.Tests.AspNetCore;

public sealed class FeatureManagementTests
{
    [Fact(Timeout = 30_000)]
    public async Task FeatureGate_serves_signed_in_users_and_hides_the_page_from_others()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, TestFlags.SignedInOnly("beta-dashboard"));
        await using var app = await SampleApp.StartAsync(o =>
        {
            o.SdkKey = DeliveryTestServer.Key;
            o.BaseAddress = server.BaseAddress;
            o.SendEvents = false;
        });
        using var http = new HttpClient { BaseAddress = app.Address };
        var client = app.Services.GetRequiredService<VexilClient>();
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        using var signedIn = new HttpRequestMessage(HttpMethod.Get, "beta");
        signedIn.Headers.Add("X-User", "user-42");
        using var allowed = await http.SendAsync(signedIn, TestContext.Current.CancellationToken);
        using var anonymous = await http.GetAsync("beta", TestContext.Current.CancellationToken);
        using var health = await http.GetAsync("health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("beta", await allowed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        // Turned off for everyone in Vexil: the gate closes without a restart.
        server.SetFlag(TestFlags.Boolean("beta-dashboard", false));
        await Eventually.True(() => client.Ruleset.Version == 2, "the change arrives");
        using var signedInAgain = new HttpRequestMessage(HttpMethod.Get, "beta");
        signedInAgain.Headers.Add("X-User", "user-42");
        using var closed = await http.SendAsync(signedInAgain, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, closed.StatusCode);
    }

    [Fact(Timeout = 20_000)]
    public async Task IFeatureManager_sees_Vexil_boolean_flags_with_an_explicit_or_ambient_context()
    {
        var data = new VexilTestData().SetFlag(TestFlags.SignedInOnly("beta")).Set("on", true).Set("text", "x");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new VexilClient(new VexilOptions { TestData = data }));
        services.AddSingleton<IVexilContextAccessor>(new FixedContext(EvaluationContext.CreateBuilder("u").Set("authenticated", true).Build()));
        services.AddVexilFeatureManagement();
        await using var provider = services.BuildServiceProvider();
        var features = provider.GetRequiredService<IFeatureManager>();

        Assert.True(await features.IsEnabledAsync("on"));
        Assert.True(await features.IsEnabledAsync("beta"));
        Assert.False(await features.IsEnabledAsync("beta", EvaluationContext.Empty));
        Assert.False(await features.IsEnabledAsync("text"));
        Assert.False(await features.IsEnabledAsync("missing"));
        var names = new List<string>();
        await foreach (var name in features.GetFeatureNamesAsync().WithCancellation(TestContext.Current.CancellationToken))
        {
            names.Add(name);
        }

        Assert.Equal(["beta", "on"], names.Order());
    }

    private sealed class FixedContext(EvaluationContext context) : IVexilContextAccessor
    {
        public EvaluationContext GetContext() => context;
    }
}
