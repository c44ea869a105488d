using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Vexil.Sdk;
using Vexil.Sdk.Configuration;

namespace Vexil.Cluster.Tests.Tls;

/// <summary>HTTPS end to end: control plane and edge from PEM files, the edge and the SDK trusting a CA file, failing closed otherwise.</summary>
public sealed class TlsTests(TlsFixture fixture) : IClassFixture<TlsFixture>
{
    [Fact(Timeout = 60_000)]
    public async Task Edge_FollowsTheControlPlaneOverHttps_TrustingTheCaFile()
    {
        using var client = new HttpClient(fixture.Certificates.TrustingHandler()) { BaseAddress = fixture.EdgeAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.ServerKey);
        using var response = await client.GetAsync(new Uri("/sdk/v1/ruleset", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ruleset = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var flag = ruleset.GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "tls-flag");
        Assert.True(flag.GetProperty("enabled").GetBoolean());
    }

    [Fact(Timeout = 60_000)]
    public async Task Sdk_EvaluatesOverHttps_WithAHandlerTrustingTheCa()
    {
        await using var client = new VexilClient(new VexilOptions
        {
            SdkKey = fixture.ServerKey,
            BaseAddress = fixture.EdgeAddress,
            HttpMessageHandler = fixture.Certificates.TrustingHandler(),
        });
        Assert.True(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.True(client.GetBoolean("tls-flag", false));
    }

    [Fact(Timeout = 60_000)]
    public async Task Sdk_WithoutTheCa_DoesNotTrustTheServer()
    {
        await using var client = new VexilClient(new VexilOptions { SdkKey = fixture.ServerKey, BaseAddress = fixture.ControlPlaneAddress });
        Assert.False(await client.WaitForInitializationAsync(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken));
        Assert.False(client.GetBoolean("tls-flag", false));
    }

    [Fact(Timeout = 90_000)]
    public async Task Edge_WithTheWrongCa_RefusesTheUpstreamAndSaysWhy()
    {
        using var other = TestCertificates.Create(Path.Combine(fixture.Root, "other-ca"), "Some Other CA");
        var (edge, address) = fixture.StartEdge("wrong-ca-edge", other.CaFile);
        await using (edge)
        {
            Assert.True(
                await edge.WaitForOutputAsync("Refused the upstream's TLS certificate", TimeSpan.FromSeconds(45), TestContext.Current.CancellationToken),
                edge.Output);
            Assert.Contains("does not chain to the configured CA", edge.Output, StringComparison.Ordinal);
            using var client = new HttpClient(fixture.Certificates.TrustingHandler()) { BaseAddress = address };
            using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task ControlPlane_OverHttps_SendsStrictTransportSecurity()
    {
        // Loopback names are exempt from HSTS (as browsers ignore it there), so ask under a real host name.
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var client = new HttpClient(handler) { BaseAddress = fixture.ControlPlaneAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Host = "flags.example.com";
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task ControlPlane_PlainHttpToTheHttpsPort_IsNeverServed()
    {
        var plain = new UriBuilder(fixture.ControlPlaneAddress) { Scheme = "http" }.Uri;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await client.GetAsync(new Uri(plain, "/healthz"), TestContext.Current.CancellationToken);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }
        catch (HttpRequestException)
        {
            // Kestrel closes a plaintext connection on a TLS endpoint: nothing was served.
        }
    }
}
