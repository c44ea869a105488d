using System.Globalization;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth;

/// <summary>vexil_auth_token_expiry_seconds on /metrics: active API tokens with an expiry, and nothing else.</summary>
public sealed class TokenExpiryMetricsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact(Timeout = 90_000)]
    public async Task Metrics_ShowSecondsUntilEachActiveTokenExpires()
    {
        var expiring = "ci-" + Guid.NewGuid().ToString("N")[..8];
        var forever = "forever-" + Guid.NewGuid().ToString("N")[..8];
        var revoked = "revoked-" + Guid.NewGuid().ToString("N")[..8];
        long expiringId;
        using (var created = await fixture.Admin.SendAsync(HttpMethod.Post, "/api/v1/tokens", new { name = expiring, role = "editor", expiresInDays = 3 }))
        {
            expiringId = (await created.JsonAsync()).GetProperty("id").GetInt64();
        }

        long foreverId, revokedId;
        using (var created = await fixture.Admin.SendAsync(HttpMethod.Post, "/api/v1/tokens", new { name = forever, role = "viewer" }))
        {
            foreverId = (await created.JsonAsync()).GetProperty("id").GetInt64();
        }

        using (var created = await fixture.Admin.SendAsync(HttpMethod.Post, "/api/v1/tokens", new { name = revoked, role = "viewer", expiresInDays = 1 }))
        {
            revokedId = (await created.JsonAsync()).GetProperty("id").GetInt64();
            (await fixture.Admin.SendAsync(HttpMethod.Delete, $"/api/v1/tokens/{revokedId}")).EnsureSuccessStatusCode();
        }

        using var http = fixture.Server.Client();
        string? line = null;
        string text;
        do
        {
            text = await http.ScrapeAsync();
            line = text.Split('\n').FirstOrDefault(l => l.StartsWith("vexil_auth_token_expiry_seconds{", StringComparison.Ordinal) && l.Contains($"vexil_token_id=\"{expiringId}\"", StringComparison.Ordinal));
            if (line is null)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }
        }
        while (line is null);

        var seconds = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        Assert.InRange(seconds, TimeSpan.FromDays(3).TotalSeconds - 300, TimeSpan.FromDays(3).TotalSeconds);
        Assert.DoesNotContain(expiring, text, StringComparison.Ordinal); // by id only: names are chosen by people
        Assert.DoesNotContain(forever, text, StringComparison.Ordinal);
        Assert.DoesNotContain($"vexil_token_id=\"{foreverId}\"", text, StringComparison.Ordinal); // no expiry: nothing to warn about
        Assert.DoesNotContain($"vexil_token_id=\"{revokedId}\"", text, StringComparison.Ordinal);
    }
}
