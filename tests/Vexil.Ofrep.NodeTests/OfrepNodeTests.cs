using Vexil.Testing;

namespace Vexil.Ofrep.NodeTests;

/// <summary>
/// Vexil's OFREP endpoints end to end with the real OpenFeature clients from npm (<c>@openfeature/server-sdk</c> with
/// <c>@openfeature/ofrep-provider</c>, pinned in node/package-lock.json): each test starts a real vexil process,
/// creates flags and keys through the admin API, and runs one node/*.test.js file with <c>node --test</c>.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class OfrepNodeTests(NpmFixture npm)
{
    private const string Environment = "production";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 120_000)]
    public async Task Every_value_type_reason_and_error()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await StartServerAsync(null, cancellationToken);
        using var admin = await AdminApi.SignInAsync(server.Address, cancellationToken);
        var project = await admin.CreateProjectAsync(cancellationToken);
        await CreateFlagsAsync(admin, project, cancellationToken);
        var key = await admin.CreateSdkKeyAsync(project, Environment, "client", cancellationToken);

        await RunNodeTestAsync("evaluation.test.js", server, new() { ["VEXIL_SDK_KEY"] = key }, cancellationToken);
    }

    [Fact(Timeout = 120_000)]
    public async Task Keys_401_and_403()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await StartServerAsync(null, cancellationToken);
        using var admin = await AdminApi.SignInAsync(server.Address, cancellationToken);
        var project = await admin.CreateProjectAsync(cancellationToken);
        await CreateStaticFlagsAsync(admin, project, cancellationToken);
        var clientKey = await admin.CreateSdkKeyAsync(project, Environment, "client", cancellationToken);
        var serverKey = await admin.CreateSdkKeyAsync(project, Environment, "server", cancellationToken);

        await RunNodeTestAsync("auth.test.js", server, new()
        {
            ["VEXIL_SDK_KEY"] = clientKey,
            ["VEXIL_SERVER_KEY"] = serverKey,
            ["VEXIL_ADMIN_PASSWORD"] = VexilServerProcess.AdminPassword,
        }, cancellationToken);
    }

    [Fact(Timeout = 120_000)]
    public async Task Rate_limit_429_backs_off_until_Retry_After()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string>
        {
            ["Vexil__Ofrep__RateLimitPermits"] = "3",
            ["Vexil__Ofrep__RateLimitWindow"] = "00:00:01",
        };
        await using var server = await StartServerAsync(settings, cancellationToken);
        using var admin = await AdminApi.SignInAsync(server.Address, cancellationToken);
        var project = await admin.CreateProjectAsync(cancellationToken);
        await CreateStaticFlagsAsync(admin, project, cancellationToken);
        var key = await admin.CreateSdkKeyAsync(project, Environment, "client", cancellationToken);

        await RunNodeTestAsync("ratelimit.test.js", server, new() { ["VEXIL_SDK_KEY"] = key }, cancellationToken);
    }

    [Fact(Timeout = 180_000)]
    public async Task Web_provider_bulk_ETag_revalidation_and_change_stream()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string> { ["Vexil__Delivery__HeartbeatInterval"] = "00:00:01" };
        await using var server = await StartServerAsync(settings, cancellationToken);
        using var admin = await AdminApi.SignInAsync(server.Address, cancellationToken);
        var project = await admin.CreateProjectAsync(cancellationToken);
        await CreateStaticFlagsAsync(admin, project, cancellationToken);
        var key = await admin.CreateSdkKeyAsync(project, Environment, "client", cancellationToken);

        await RunNodeTestAsync("web.test.js", server, new()
        {
            ["VEXIL_SDK_KEY"] = key,
            ["VEXIL_PROJECT"] = project,
            ["VEXIL_ADMIN_PASSWORD"] = VexilServerProcess.AdminPassword,
        }, cancellationToken);
    }

    [Fact(Timeout = 180_000)]
    public async Task Web_provider_in_chromium_with_CORS_per_key()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string> { ["Vexil__Delivery__HeartbeatInterval"] = "00:00:01" };
        await using var server = await StartServerAsync(settings, cancellationToken);
        using var admin = await AdminApi.SignInAsync(server.Address, cancellationToken);
        var project = await admin.CreateProjectAsync(cancellationToken);
        await CreateStaticFlagsAsync(admin, project, cancellationToken);

        await RunNodeTestAsync("browser.test.js", server, new()
        {
            ["VEXIL_PROJECT"] = project,
            ["VEXIL_ADMIN_PASSWORD"] = VexilServerProcess.AdminPassword,
        }, cancellationToken);
    }

    private static Task<VexilServerProcess> StartServerAsync(IReadOnlyDictionary<string, string>? settings, CancellationToken cancellationToken)
    {
        var data = Path.Combine(Path.GetTempPath(), "vexil-ofrep-node", Guid.NewGuid().ToString("N"));
        return VexilServerProcess.StartAsync(data, settings, cancellationToken);
    }

    private async Task RunNodeTestAsync(string file, VexilServerProcess server, Dictionary<string, string> environment, CancellationToken cancellationToken)
    {
        environment["VEXIL_URL"] = server.Address.ToString().TrimEnd('/');
        var (exit, output) = await NodeRunner.RunAsync("node", ["--test", "--test-reporter=spec", file], environment, NodeTimeout, cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(exit == 0, $"node --test {file} failed ({exit}, node {npm.NodeVersion}):\n{output}\n--- vexil output ---\n{Tail(server.Output)}");
    }

    private static string Tail(string text) => text.Length <= 8_000 ? text : text[^8_000..];

    /// <summary>A static flag of each type (enabled, no rules): what the auth and rate-limit tests evaluate.</summary>
    private static async Task CreateStaticFlagsAsync(AdminApi admin, string project, CancellationToken cancellationToken)
    {
        await CreateAsync(admin, project, "bool-static", "boolean", [V("on", true), V("off", false)], Enabled("on"), cancellationToken);
        await CreateAsync(admin, project, "string-static", "string", [V("red", "red"), V("blue", "blue")], Enabled("blue"), cancellationToken);
        await CreateAsync(admin, project, "number-static", "number", [V("small", 1), V("large", 42.5)], Enabled("large"), cancellationToken);
        await CreateAsync(
            admin,
            project,
            "object-static",
            "object",
            [V("theme", new { color = "red", size = 3, tags = new[] { "a", "b" }, nested = new { on = true } }), V("plain", new { })],
            Enabled("theme"),
            cancellationToken);
    }

    /// <summary>The flags evaluation.test.js expects: every type, every reason, every error the server produces.</summary>
    private static async Task CreateFlagsAsync(AdminApi admin, string project, CancellationToken cancellationToken)
    {
        await CreateStaticFlagsAsync(admin, project, cancellationToken);
        await CreateAsync(admin, project, "array-static", "object", [V("list", new object[] { 1, "two", new { three = 3 } }), V("empty", Array.Empty<object>())], Enabled("list"), cancellationToken);

        // TARGETING_MATCH by target (user-1 → gold) and by rule (an @example.com email → silver); DEFAULT otherwise.
        await CreateAsync(
            admin,
            project,
            "tiered",
            "string",
            [V("gold", "gold"), V("silver", "silver"), V("bronze", "bronze")],
            new
            {
                enabled = true,
                targets = new[] { new { variation = "gold", values = new[] { "user-1" } } },
                rules = new[]
                {
                    new { id = "staff", clauses = new[] { new { attribute = "email", @operator = "endsWith", values = new[] { "@example.com" } } }, serve = new { variation = "silver" } },
                },
                fallthrough = new { variation = "bronze" },
            },
            cancellationToken);

        // A rule on nested attributes (org.plan, org.seats) serving a number.
        await CreateAsync(
            admin,
            project,
            "limits",
            "number",
            [V("low", 10), V("high", 1000)],
            new
            {
                enabled = true,
                rules = new[]
                {
                    new
                    {
                        id = "enterprise",
                        clauses = new object[]
                        {
                            new { attribute = "org.plan", @operator = "in", values = new object[] { "enterprise" } },
                            new { attribute = "org.seats", @operator = "gte", values = new object[] { 100 } },
                        },
                        serve = new { variation = "high" },
                    },
                },
                fallthrough = new { variation = "low" },
            },
            cancellationToken);

        // SPLIT: a 50/50 rollout on the targeting key (TARGETING_KEY_MISSING without one).
        await CreateAsync(
            admin,
            project,
            "split",
            "boolean",
            [V("on", true), V("off", false)],
            new { enabled = true, fallthrough = new { rollout = new { weights = new[] { new { variation = "on", weight = 50_000 }, new { variation = "off", weight = 50_000 } } } } },
            cancellationToken);

        // DISABLED: with an off variation (served) and without one (no value: the caller's default).
        await CreateAsync(admin, project, "disabled-with-off", "boolean", [V("on", true), V("off", false)], new { enabled = false, offVariation = "off", fallthrough = new { variation = "on" } }, cancellationToken);
        await CreateAsync(admin, project, "disabled-no-off", "string", [V("a", "a"), V("b", "b")], new { enabled = false, fallthrough = new { variation = "a" } }, cancellationToken);
    }

    private static async Task CreateAsync(AdminApi admin, string project, string key, string type, object[] variations, object config, CancellationToken cancellationToken)
    {
        await admin.CreateFlagAsync(project, key, type, variations, cancellationToken);
        await admin.ConfigureFlagAsync(project, Environment, key, config, cancellationToken);
    }

    private static object V(string key, object value) => new { key, value };

    private static object Enabled(string variation) => new { enabled = true, fallthrough = new { variation } };
}
