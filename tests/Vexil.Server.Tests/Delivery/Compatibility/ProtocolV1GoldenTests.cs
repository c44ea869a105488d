using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Delivery.Compatibility;

/// <summary>
/// Protocol version 1 pinned byte for byte: a ruleset document and the stream's frames (retry, a change event) for a
/// fixed project on a fresh server, against golden files. A change here breaks every v1 SDK and edge in the field: it
/// needs a new protocol or format version (docs/protocol.md#compatibility), not a new golden file.
/// </summary>
public sealed partial class ProtocolV1GoldenTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly string Folder = Path.Combine(ExternalTool.RepositoryRoot(), "tests", "Vexil.Server.Tests", "Delivery", "Compatibility", "Golden");

    [Fact(Timeout = 60_000)]
    public async Task V1Ruleset_AndStreamFrames_MatchTheGoldenFiles()
    {
        var token = TestContext.Current.CancellationToken;
        var admin = fixture.Admin;
        await admin.CreateProjectAsync("golden");
        var production = "/api/v1/projects/golden/environments/production";
        (await admin.SendAsync(HttpMethod.Post, "/api/v1/projects/golden/flags", new
        {
            key = "new-checkout",
            type = "boolean",
            name = "New checkout",
            description = "The redesigned checkout",
            tags = new[] { "checkout" },
            variations = new object[] { new { key = "on", value = true }, new { key = "off", value = false } },
        })).EnsureSuccessStatusCode();
        (await admin.SendAsync(HttpMethod.Post, $"{production}/segments", new { key = "beta", included = new[] { "user-1" } })).EnsureSuccessStatusCode();
        (await admin.SendAsync(HttpMethod.Put, $"{production}/flags/new-checkout", """
            {"enabled":true,"offVariation":"off","targets":[{"variation":"on","values":["user-2"]}],
             "rules":[{"id":"beta","clauses":[{"attribute":"targetingKey","operator":"segmentMatch","values":["beta"]}],
                       "serve":{"rollout":{"algorithm":"vexil-v1","bucketBy":"targetingKey","weights":[{"variation":"on","weight":50000},{"variation":"off","weight":50000}]}}}],
             "fallthrough":{"variation":"off"}}
            """, "*")).EnsureSuccessStatusCode();
        var key = await KeyAsync(admin);

        using var http = new HttpClient { BaseAddress = fixture.Server.Address, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        http.DefaultRequestHeaders.Add("Vexil-Protocol", "1");
        var ruleset = await http.GetStringAsync("/sdk/v1/ruleset", token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/stream");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", "3");
        using var stream = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
        (await admin.SendAsync(HttpMethod.Put, $"{production}/flags/new-checkout/enabled", new { enabled = false }, "*")).EnsureSuccessStatusCode();
        var frames = await ReadUntilAsync(await stream.Content.ReadAsStreamAsync(token), "\nid: 4\n\n");

        await AssertGoldenAsync("ruleset-v1.json", ruleset);
        // A heartbeat comment may fall anywhere between the frames (every 15 s for all streams): not part of the pin.
        frames = frames.Replace(": heartbeat\n\n", string.Empty, StringComparison.Ordinal);
        await AssertGoldenAsync("stream-v1.txt", CommittedAt().Replace(frames, "\"committedAt\":\"<committedAt>\""));
    }

    private static async Task<string> KeyAsync(HttpClient admin)
    {
        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v1/projects/golden/environments/production/sdk-keys", new { kind = "server" });
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("key").GetString()!;
    }

    private static async Task<string> ReadUntilAsync(Stream stream, string end)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains(end, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    private static async Task AssertGoldenAsync(string name, string actual)
    {
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path))
        {
            await File.WriteAllTextAsync(path + ".actual", actual, TestContext.Current.CancellationToken);
            Assert.Fail($"no golden file {path}; the actual output is in {path}.actual");
        }

        var expected = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        if (expected != actual)
        {
            await File.WriteAllTextAsync(path + ".actual", actual, TestContext.Current.CancellationToken);
        }

        Assert.Equal(expected, actual);
    }

    [GeneratedRegex("\"committedAt\":\"[^\"]+\"")]
    private static partial Regex CommittedAt();
}
