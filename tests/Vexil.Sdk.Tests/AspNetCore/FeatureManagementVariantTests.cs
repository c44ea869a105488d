using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using Vexil.Core.Context;
using Vexil.Sdk.AspNetCore.FeatureManagement;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Testing;
using Vexil.Sdk.Tests.Infrastructure;

namespace Vexil.Sdk.Tests.AspNetCore;

/// <summary>Microsoft.FeatureManagement variants driven by a multivariate Vexil flag.</summary>
[Collection(ActivityListenerCollection.Name)]
public sealed class FeatureManagementVariantTests
{
    // Signed-in users get "compact" (a rule), everyone else "wide" (the fallthrough); each variation's value differs from its key.
    private const string Layout = """
        {"key":"checkout-layout","type":"string","variations":[{"key":"compact","value":"compact-v1"},{"key":"wide","value":"wide-v2"}],"enabled":true,"offVariation":"wide",
         "rules":[{"id":"signed-in","clauses":[{"attribute":"authenticated","operator":"in","values":[true]}],"serve":{"variation":"compact"}}],
         "fallthrough":{"variation":"wide"}}
        """;

    [Fact(Timeout = 30_000)]
    public async Task A_multivariate_flag_drives_the_variant_and_variant_gates_answer_404_or_200_by_variant()
    {
        await using var server = await DeliveryTestServer.StartAsync(1, Layout, TestFlags.SignedInOnly("beta-dashboard"));
        await using var app = await SampleApp.StartAsync(o =>
        {
            o.SdkKey = DeliveryTestServer.Key;
            o.BaseAddress = server.BaseAddress;
            o.SendEvents = false;
        });
        using var http = new HttpClient { BaseAddress = app.Address };
        var client = app.Services.GetRequiredService<VexilClient>();
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        Assert.Equal((HttpStatusCode.OK, "compact=compact-v1"), await GetAsync(http, "layout/variant", "user-42"));
        Assert.Equal((HttpStatusCode.OK, "wide=wide-v2"), await GetAsync(http, "layout/variant", null));
        Assert.Equal((HttpStatusCode.OK, "compact"), await GetAsync(http, "layout/compact", "user-42"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(http, "layout/compact", null)).Status);
        Assert.Equal((HttpStatusCode.OK, "wide"), await GetAsync(http, "layout/wide", null));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(http, "layout/wide", "user-42")).Status);

        // Boolean flags still gate through [FeatureGate] beside the variants.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "beta", "user-42")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(http, "beta", null)).Status);

        // The rule changes in Vexil: the variant follows without a restart.
        server.SetFlag(Layout.Replace("\"serve\":{\"variation\":\"compact\"}", "\"serve\":{\"variation\":\"wide\"}", StringComparison.Ordinal));
        await Eventually.True(() => client.Ruleset.Version == 2, "the change arrives");
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(http, "layout/compact", "user-42")).Status);
        Assert.Equal((HttpStatusCode.OK, "wide"), await GetAsync(http, "layout/wide", "user-42"));
    }

    [Fact(Timeout = 20_000)]
    public async Task GetVariantAsync_with_a_targeting_context_uses_its_user_and_a_missing_flag_has_no_variant()
    {
        await using var provider = Services(telemetry: false);
        var features = provider.GetRequiredService<IVariantFeatureManager>();

        var variant = await features.GetVariantAsync("checkout-layout", new TargetingContext { UserId = "user-7" }, TestContext.Current.CancellationToken);
        Assert.Equal(("wide", "wide-v2"), (variant.Name, variant.Configuration?.Value)); // no "authenticated": the fallthrough
        Assert.Null(await features.GetVariantAsync("no-such-flag", TestContext.Current.CancellationToken));
        var ambient = await features.GetVariantAsync("checkout-layout", TestContext.Current.CancellationToken); // the accessor's signed-in user
        Assert.Equal(("compact", "compact-v1"), (ambient.Name, ambient.Configuration?.Value));
        Assert.True(await features.IsEnabledAsync("beta", TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 20_000)]
    public async Task With_telemetry_enabled_a_variant_evaluation_is_published_as_FeatureManagements_evaluation_event_with_Vexils_reason()
    {
        using var source = new ActivitySource("Vexil.Sdk.Tests.Caller");
        using var spans = new SpanRecorder(source.Name);
        await using var provider = Services(telemetry: true);
        var features = provider.GetRequiredService<IVariantFeatureManager>();

        using (source.StartActivity("request"))
        {
            await features.GetVariantAsync("checkout-layout", TestContext.Current.CancellationToken);
        }

        var published = Assert.Single(Assert.Single(spans.Stopped).Events);
        var tags = published.Tags.ToDictionary(t => t.Key, t => t.Value?.ToString());
        Assert.Equal("checkout-layout", tags["FeatureName"]);
        Assert.Equal("compact", tags["Variant"]);
        Assert.Equal("User", tags["VariantAssignmentReason"]);
        Assert.Equal("targeting_match", tags["VexilReason"]);
        Assert.Equal("compact", tags["VexilVariation"]);
    }

    [Fact(Timeout = 20_000)]
    public async Task Without_telemetry_nothing_is_published()
    {
        using var source = new ActivitySource("Vexil.Sdk.Tests.Caller");
        using var spans = new SpanRecorder(source.Name);
        await using var provider = Services(telemetry: false);
        var features = provider.GetRequiredService<IVariantFeatureManager>();

        using (source.StartActivity("request"))
        {
            await features.GetVariantAsync("checkout-layout", TestContext.Current.CancellationToken);
            await features.IsEnabledAsync("beta", TestContext.Current.CancellationToken);
        }

        Assert.Empty(Assert.Single(spans.Stopped).Events);
    }

    private static ServiceProvider Services(bool telemetry)
    {
        var data = new VexilTestData().SetFlag(Layout).SetFlag(TestFlags.SignedInOnly("beta"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new VexilClient(new VexilOptions { TestData = data }));
        services.AddSingleton<IVexilContextAccessor>(new SignedIn());
        services.AddVexilFeatureManagement(o => o.TelemetryEnabled = telemetry);
        return services.BuildServiceProvider();
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path, string? user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.Add("X-User", user);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private sealed class SignedIn : IVexilContextAccessor
    {
        public EvaluationContext GetContext() => EvaluationContext.CreateBuilder("user-42").Set("authenticated", true).Build();
    }
}
