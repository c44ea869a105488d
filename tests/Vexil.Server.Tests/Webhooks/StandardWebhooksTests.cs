using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Vexil.Events.Webhooks;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Webhooks;

/// <summary>
/// Deliveries are signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature over
/// <c>id.timestamp.body</c>, a <c>whsec_</c> secret), checked by an independent implementation: the Standard Webhooks
/// reference library for Node (<c>standardwebhooks</c>, node/). The id receivers de-duplicate by is signed.
/// </summary>
public sealed class StandardWebhooksTests
{
    private static readonly string NodeFolder = Path.Combine(AppContext.BaseDirectory, "Webhooks", "node");

    [Fact(Timeout = 180_000)]
    public async Task Delivery_VerifiesWithTheStandardWebhooksLibrary_AndItsIdIsSigned()
    {
        var ct = TestContext.Current.CancellationToken;
        await NpmCiAsync(ct);
        await using var server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vexil:WebhookRetryDelay"] = "00:00:00.200",
            ["Vexil:WebhookAllowedNetworks:0"] = "127.0.0.1",
        }));
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        await using var receiver = new WebhookTestReceiver();
        await receiver.StartAsync();
        var (_, secret) = await WebhooksApiTests.CreateAsync(admin, project, receiver.Url("hook"), ["segment.created"]);

        (await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/segments", new { key = "beta" })).EnsureSuccessStatusCode();
        var deadline = Stopwatch.StartNew();
        while (!receiver.Accepted.Any() && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50, ct);
        }

        var delivery = Assert.Single(receiver.Accepted);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.Equal(delivery.DeliveryId, delivery.Headers["webhook-id"]);
        Assert.Matches("^[0-9]{10}$", delivery.Headers["webhook-timestamp"]);
        Assert.Matches("^v1,[A-Za-z0-9+/]{43}=$", delivery.Headers["webhook-signature"]);

        var standard = new Dictionary<string, string>
        {
            ["webhook-id"] = delivery.Headers["webhook-id"],
            ["webhook-timestamp"] = delivery.Headers["webhook-timestamp"],
            ["webhook-signature"] = delivery.Headers["webhook-signature"],
        };
        Assert.Equal("verified", await VerifyAsync(secret, standard, delivery.Body, ct));
        Assert.StartsWith("refused", await VerifyAsync(secret, new(standard) { ["webhook-id"] = delivery.DeliveryId + "x" }, delivery.Body, ct), StringComparison.Ordinal);
        Assert.StartsWith("refused", await VerifyAsync("whsec_" + Convert.ToBase64String(new byte[32]), standard, delivery.Body, ct), StringComparison.Ordinal);
        Assert.StartsWith("refused", await VerifyAsync(secret, standard, [.. delivery.Body, (byte)' '], ct), StringComparison.Ordinal);

        // The same checks in .NET, and the old header still verifies during the transition.
        Assert.True(StandardWebhookSignature.Verify(standard["webhook-id"], standard["webhook-timestamp"], standard["webhook-signature"], secret, delivery.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(StandardWebhookSignature.Verify(standard["webhook-id"] + "x", standard["webhook-timestamp"], standard["webhook-signature"], secret, delivery.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.True(WebhookSignature.Verify(delivery.Signature, secret, delivery.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    private static async Task NpmCiAsync(CancellationToken ct)
    {
        var (exit, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], null, ct);
        Assert.True(exit == 0, $"npm ci in {NodeFolder} failed ({exit}):\n{output}");
    }

    private static async Task<string> VerifyAsync(string secret, Dictionary<string, string> headers, byte[] body, CancellationToken ct)
    {
        var input = JsonSerializer.Serialize(new { secret, headers, body = Convert.ToBase64String(body) });
        var (_, output) = await RunAsync("node", ["verify.mjs"], input, ct);
        return output.Trim();
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, string? stdin, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = NodeFolder, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin ?? string.Empty);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
