using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth;

/// <summary>The throttle's state is in the store: replicas sharing one PostgreSQL count failures together.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SignInThrottleReplicaTests(PostgresFixture postgres)
{
    [Fact(Timeout = 180_000)]
    public async Task FailuresOnOneReplica_ThrottleTheNameOnAnother()
    {
        var database = await postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var a = await VexilTestServer.StartAsync(database, b => b.Services.AddSingleton<TimeProvider>(clock));
        await using var b = await VexilTestServer.StartAsync(database, b => b.Services.AddSingleton<TimeProvider>(clock));
        using var clientA = a.Client();
        using var clientB = b.Client();
        var ct = TestContext.Current.CancellationToken;

        for (var i = 0; i < 6; i++)
        {
            using var wrong = await clientA.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = "wrong" }, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var onB = await clientB.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = VexilTestServer.AdminPassword }, ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, onB.StatusCode);

        clock.Advance(TimeSpan.FromSeconds(3));
        using var later = await clientB.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = VexilTestServer.AdminPassword }, ct);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }
}
