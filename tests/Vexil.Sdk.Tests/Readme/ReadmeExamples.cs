using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.Mvc;
using Vexil.Core.Context;
using Vexil.Sdk.AspNetCore.FeatureManagement;
using Vexil.Sdk.AspNetCore.HealthChecks;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.DependencyInjection;
using Vexil.Sdk.Diagnostics;
using Vexil.Sdk.Testing;

namespace Vexil.Sdk.Tests.Readme;

/// <summary>
/// Every C# block of src/Vexil.Sdk/README.md, verbatim (ReadmeTests checks it), so the README compiles with the tests.
/// </summary>
public static class ReadmeExamples
{
    public static async Task QuickStart()
    {
        await using var client = new VexilClient(new VexilOptions
        {
            SdkKey = "vx_srv_0123456789",
            BaseAddress = new Uri("https://flags.example.com/"),
            CacheFilePath = "/var/cache/myapp/vexil.json",
        });
        await client.WaitForInitializationAsync(TimeSpan.FromSeconds(5));

        var user = EvaluationContext.CreateBuilder("user-42")
            .Set("country", "NL")
            .Set("plan", "pro")
            .Build();

        if (client.GetBoolean("new-checkout", false, user))
        {
            Console.WriteLine("new checkout");
        }

        var detail = client.GetStringDetails("banner-text", "Welcome", user);
        Console.WriteLine($"{detail.Value} ({detail.VariationKey}, {detail.Reason}, {detail.ErrorCode})");
    }

    public static void StatusAndChanges(VexilClient client)
    {
        client.FlagsChanged += (_, e) => Console.WriteLine($"v{e.Version}: {string.Join(", ", e.Keys)} may have changed");
        client.StatusChanged += (_, e) => Console.WriteLine($"{e.Status.State}, last updated {e.Status.LastUpdated}");
    }

    public static IReadOnlyDictionary<string, object?> Bootstrap(VexilClient client, EvaluationContext user)
    {
        var values = new Dictionary<string, object?>();
        foreach (var (key, detail) in client.AllFlags(user))
        {
            values[key] = detail.Value.ToString();
        }

        return values;
    }

    public static void AspNetCore(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddVexil(options =>
        {
            options.SdkKey = builder.Configuration["Vexil:SdkKey"]!;
            options.BaseAddress = new Uri("https://flags.example.com/");
        });
        builder.Services.AddVexilFeatureManagement();
        builder.Services.AddHealthChecks().AddVexil();
        builder.Services.AddControllers();

        var app = builder.Build();
        app.MapControllers();
        app.MapHealthChecks("/health");
        app.Run();
    }

    public static void FromConfiguration(WebApplicationBuilder builder)
    {
        builder.Services.AddVexil(builder.Configuration.GetSection("Vexil"));
    }

    [Route("dashboard")]
    public sealed class DashboardController : Controller
    {
        [FeatureGate("beta-dashboard")]
        public IActionResult Index() => View();
    }

    public static async Task<bool> ExplicitContext(IFeatureManager features)
    {
        var tenant = EvaluationContext.CreateBuilder("tenant-7").Set("plan", "enterprise").Build();
        return await features.IsEnabledAsync("sso", tenant);
    }

    public static void PrivateCa(VexilOptions options)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust };
        policy.CustomTrustStore.Add(X509Certificate2.CreateFromPemFile("/etc/vexil/ca.pem"));
        options.HttpMessageHandler = new SocketsHttpHandler { SslOptions = new() { CertificateChainPolicy = policy } };
    }

    public static void Telemetry(WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter(VexilTelemetry.MeterName))
            .WithTracing(t => t.AddSource([.. VexilTelemetry.ActivitySourceNames]));
    }

    public static void Offline()
    {
        using var client = new VexilClient(new VexilOptions { OfflineFilePath = "flags.json" });
    }

    public static void UnitTest()
    {
        var flags = new VexilTestData()
            .Set("new-checkout", true)
            .Set("banner-text", "Hello");
        using var client = new VexilClient(new VexilOptions { TestData = flags });

        var checkout = new CheckoutService(client);
        flags.Set("new-checkout", false); // every client using these flags sees it at once
        GC.KeepAlive(checkout);
    }

    [Route("checkout")]
    public sealed class CheckoutController : Controller
    {
        [VariantFeatureGate("checkout-layout", "compact")]
        public IActionResult Compact() => View();
    }

    private sealed class CheckoutService(VexilClient client)
    {
        public bool UseNewCheckout(EvaluationContext user) => client.GetBoolean("new-checkout", false, user);
    }
}
