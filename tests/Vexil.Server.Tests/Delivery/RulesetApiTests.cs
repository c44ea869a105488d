using System.Net;
using System.Net.Http.Headers;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Delivery;

/// <summary>/sdk/v1/ruleset on the control plane: ETag, 304, compression, read-your-writes.</summary>
public sealed class RulesetApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory(Timeout = 30_000)]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Ruleset_WhenTheClientAcceptsCompression_IsCompressed(string encoding)
    {
        var setup = await DeliverySetup.CreateAsync(fixture.Admin, "a", "b", "c");
        using var http = fixture.Server.Client(setup.ServerKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/ruleset");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact(Timeout = 30_000)]
    public async Task Ruleset_WithIfNoneMatchOfTheCurrentVersion_Is304()
    {
        var setup = await DeliverySetup.CreateAsync(fixture.Admin);
        using var http = fixture.Server.Client(setup.ServerKey);
        using var first = await http.GetAsync("/sdk/v1/ruleset", TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/ruleset");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal("1", second.Headers.GetValues("Vexil-Protocol").Single());
    }

    [Fact(Timeout = 30_000)]
    public async Task Ruleset_WithMinVersionJustWritten_HasIt()
    {
        var setup = await DeliverySetup.CreateAsync(fixture.Admin);
        var version = await setup.ToggleAsync(fixture.Admin, "f", true);
        using var http = fixture.Server.Client(setup.ServerKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/ruleset");
        request.Headers.TryAddWithoutValidation("Vexil-Min-Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("true", response.Headers.GetValues("Vexil-Min-Version-Satisfied").Single());
        Assert.Equal($"\"{version}\"", response.Headers.ETag!.Tag);
    }
}
