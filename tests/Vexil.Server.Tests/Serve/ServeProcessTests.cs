using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Vexil.Server.Tests.Infrastructure;
using Vexil.Server.Tests.Ofrep;

namespace Vexil.Server.Tests.Serve;

/// <summary><c>vexil serve --flags-file</c> as a real process: flagd's file mode, answered over OFREP.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private const string Body = """{"context":{"targetingKey":"u1","email":"ada@example.com"}}""";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vexil-serve-" + Guid.NewGuid().ToString("N")[..8]);

    public ServeProcessTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact(Timeout = 60_000)]
    public async Task FlagdTestbedFile_EvaluatesOverOfrep_SingleBulkAndNotFound()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Serve", "testing-flags.json");
        await using var serve = await VexilProcess.StartServeAsync([file]);
        using var client = new HttpClient { BaseAddress = serve.Address };

        using var boolean = await client.PostAsync("/ofrep/v1/evaluate/flags/boolean-flag", Body);
        using var text = await client.PostAsync("/ofrep/v1/evaluate/flags/string-flag", Body);
        using var missing = await client.PostAsync("/ofrep/v1/evaluate/flags/no-such-flag", Body);
        using var bulk = await client.PostAsync("/ofrep/v1/evaluate/flags", Body);
        using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, boolean.StatusCode);
        Assert.Equal("""{"key":"boolean-flag","reason":"STATIC","variant":"on","value":true}""", await boolean.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("hi", (await text.JsonAsync()).GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("FLAG_NOT_FOUND", (await missing.JsonAsync()).GetProperty("errorCode").GetString());
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        Assert.StartsWith("\"flags-1-", bulk.ETag(), StringComparison.Ordinal);
        Assert.Contains((await bulk.JsonAsync()).GetProperty("flags").EnumerateArray(), f => f.GetProperty("key").GetString() == "boolean-flag");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task SeveralFiles_AreMerged_LaterFileWins()
    {
        var first = Write("first.json", Flags(("color", "red"), ("size", "small")));
        var second = Write("second.json", Flags(("color", "blue")));
        await using var serve = await VexilProcess.StartServeAsync([first, second]);
        using var client = new HttpClient { BaseAddress = serve.Address };

        Assert.Equal("blue", await ValueAsync(client, "color"));
        Assert.Equal("small", await ValueAsync(client, "size"));
    }

    [Fact(Timeout = 60_000)]
    public async Task EditedFile_IsReloaded_NewValueAndNextVersionInTheETag()
    {
        var file = Write("flags.json", Flags(("color", "red")));
        await using var serve = await VexilProcess.StartServeAsync([file], settings: FastReload);
        using var client = new HttpClient { BaseAddress = serve.Address };
        using var before = await client.PostAsync("/ofrep/v1/evaluate/flags", Body);

        Write("flags.json", Flags(("color", "green")));
        await WaitForAsync(async () => await ValueAsync(client, "color") == "green", serve);
        using var after = await client.PostAsync("/ofrep/v1/evaluate/flags", Body, ifNoneMatch: before.ETag());

        Assert.StartsWith("\"flags-1-", before.ETag(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.StartsWith("\"flags-2-", after.ETag(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task BrokenFile_IsRejectedWithEveryProblemLogged_OldValueStaysAndReady()
    {
        var file = Write("flags.json", Flags(("color", "red")));
        await using var serve = await VexilProcess.StartServeAsync([file], settings: FastReload);
        using var client = new HttpClient { BaseAddress = serve.Address };

        Write("flags.json", """{"flags":{"color":{"state":"ENABLED","variants":{"a":"x","b":1},"defaultVariant":"zz"}}}""");
        await WaitForAsync(() => Task.FromResult(serve.Output.Contains("Rejected the flag files", StringComparison.Ordinal)), serve);
        using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal("red", await ValueAsync(client, "color"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.JsonAsync()).GetProperty("status").GetString());
        Assert.Contains("flags.color.variants.b", serve.Output, StringComparison.Ordinal);
        Assert.Contains("flags.color.defaultVariant", serve.Output, StringComparison.Ordinal);

        // A later good file is served again, at the next version.
        Write("flags.json", Flags(("color", "violet")));
        await WaitForAsync(async () => await ValueAsync(client, "color") == "violet", serve);
    }

    [Fact(Timeout = 60_000)]
    public async Task BrokenFileAtStart_NotReady_UntilAGoodFileLoads()
    {
        var file = Write("flags.json", """{"flags":""");
        await using var serve = await VexilProcess.StartServeAsync([file], settings: FastReload);
        using var client = new HttpClient { BaseAddress = serve.Address };
        using var before = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Write("flags.json", Flags(("color", "red")));
        await WaitForAsync(async () =>
        {
            using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            return ready.StatusCode == HttpStatusCode.OK;
        }, serve);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Contains("nothing is served (not ready) until they load", serve.Output, StringComparison.Ordinal);
        Assert.Equal("red", await ValueAsync(client, "color"));
    }

    [Fact(Timeout = 60_000)]
    public async Task NonLoopbackWithoutKeys_RefusesToStart()
    {
        var file = Write("flags.json", Flags(("color", "red")));

        var (exitCode, output) = await VexilProcess.RunServeToExitAsync([file], $"http://0.0.0.0:{VexilProcess.FreePort()}");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("not a loopback address", output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task WithKeys_NoOrUnknownKey401_ConfiguredKeyAsBearerOrXApiKey200()
    {
        var file = Write("flags.json", Flags(("color", "red")));
        await using var serve = await VexilProcess.StartServeAsync([file], keys: ["serve-key-1", "serve-key-2"]);
        using var anonymous = new HttpClient { BaseAddress = serve.Address };
        using var unknown = new HttpClient { BaseAddress = serve.Address };
        unknown.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-key");
        using var bearer = new HttpClient { BaseAddress = serve.Address };
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", "serve-key-2");
        using var apiKey = new HttpClient { BaseAddress = serve.Address };
        apiKey.DefaultRequestHeaders.Add("X-API-Key", "serve-key-1");

        using var none = await anonymous.PostAsync("/ofrep/v1/evaluate/flags/color", Body);
        using var wrong = await unknown.PostAsync("/ofrep/v1/evaluate/flags", Body);
        using var ready = await anonymous.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("red", await ValueAsync(bearer, "color"));
        Assert.Equal("red", await ValueAsync(apiKey, "color"));
    }

    private static readonly Dictionary<string, string> FastReload = new()
    {
        ["Vexil:Serve:ReloadDebounce"] = "00:00:00.050",
        ["Vexil:Serve:PollInterval"] = "00:00:00.250",
    };

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        var temp = path + ".tmp";
        File.WriteAllText(temp, json);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static string Flags(params (string Key, string Value)[] flags)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("flags");
            foreach (var (key, value) in flags)
            {
                writer.WriteStartObject(key);
                writer.WriteString("state", "ENABLED");
                writer.WriteStartObject("variants");
                writer.WriteString(value, value);
                writer.WriteString("other", "other");
                writer.WriteEndObject();
                writer.WriteString("defaultVariant", value);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task<string?> ValueAsync(HttpClient client, string flag)
    {
        using var response = await client.PostAsync($"/ofrep/v1/evaluate/flags/{flag}", Body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("value").GetString();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, VexilProcess serve)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                Assert.Fail($"The condition did not hold within 20 s. Output:\n{serve.Output}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
