using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Ofrep;

/// <summary><c>Vexil-Min-Version</c> on the control plane's OFREP, single and bulk.</summary>
public sealed class OfrepMinVersionTests
{
    [Fact(Timeout = 60_000)]
    public async Task MinVersion_ReachedAnswersSatisfied_AheadAnswersTheCurrentVersionAfterTheBound_AndSaysSo()
    {
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Vexil:Delivery:MinVersionWait"] = "00:00:00.500" }));
        using var admin = await server.AdminAsync();
        var setup = await DeliverySetup.CreateAsync(admin);
        var key = await Auth.AuthorizationMatrixTests.SdkKeyAsync(admin, setup.Project, "production", "client");
        using var client = server.Client(key);
        var version = await setup.ToggleAsync(admin, "f", true);

        using var single = await PostAsync(client, "/ofrep/v1/evaluate/flags/f", version);
        using var bulk = await PostAsync(client, "/ofrep/v1/evaluate/flags", version);
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var ahead = await PostAsync(client, "/ofrep/v1/evaluate/flags", version + 10);
        var waited = started.Elapsed;
        using var without = await PostAsync(client, "/ofrep/v1/evaluate/flags/f", null);

        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal("true", single.Headers.GetValues("Vexil-Min-Version-Satisfied").Single());
        Assert.True((await single.JsonAsync()).GetProperty("value").GetBoolean());
        Assert.Equal("true", bulk.Headers.GetValues("Vexil-Min-Version-Satisfied").Single());
        Assert.Equal(HttpStatusCode.OK, ahead.StatusCode);
        Assert.Equal("false", ahead.Headers.GetValues("Vexil-Min-Version-Satisfied").Single());
        Assert.Contains($"-{version}-", ahead.Headers.ETag!.Tag, StringComparison.Ordinal);
        Assert.True(waited >= TimeSpan.FromMilliseconds(400), $"answered after {waited.TotalMilliseconds} ms, before the bound");
        Assert.False(without.Headers.Contains("Vexil-Min-Version-Satisfied"));
    }

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, long? minVersion)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("""{"context":{"targetingKey":"u1"}}""", Encoding.UTF8, "application/json") };
        if (minVersion is { } min)
        {
            request.Headers.TryAddWithoutValidation("Vexil-Min-Version", min.ToString(CultureInfo.InvariantCulture));
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
