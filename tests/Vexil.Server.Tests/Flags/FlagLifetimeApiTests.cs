using System.Net;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Flags;

/// <summary>A flag's <c>expectedLifetimeDays</c>: stored, returned, changed by an update, validated.</summary>
public sealed class FlagLifetimeApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static object Flag(string key, string? lifetime, object? expectedLifetimeDays) => new
    {
        key,
        type = "boolean",
        name = key,
        lifetime,
        expectedLifetimeDays,
        variations = new object[] { new { key = "on", value = true }, new { key = "off", value = false } },
    };

    [Fact(Timeout = 60_000)]
    public async Task ExpectedLifetime_IsStoredReturnedAndUpdated()
    {
        var admin = fixture.Admin;
        var project = await admin.CreateProjectAsync();
        using var created = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", Flag("release", null, 14));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("temporary", (await created.JsonAsync()).GetProperty("lifetime").GetString());

        using var read = await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags/release");
        Assert.Equal(14, (await read.JsonAsync()).GetProperty("expectedLifetimeDays").GetInt32());

        using var updated = await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/flags/release", Flag("release", "temporary", null), read.ETag());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        using var again = await admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/flags/release");
        Assert.False((await again.JsonAsync()).TryGetProperty("expectedLifetimeDays", out _));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("temporary", 0)]
    [InlineData("temporary", 3651)]
    [InlineData("temporary", -5)]
    [InlineData("permanent", 30)]
    public async Task ExpectedLifetime_Invalid_IsAValidationProblem(string lifetime, int days)
    {
        var admin = fixture.Admin;
        var project = await admin.CreateProjectAsync();

        using var response = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", Flag("f", lifetime, days));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("expectedLifetimeDays", out _));
    }

    [Fact(Timeout = 60_000)]
    public async Task ExpectedLifetime_NotAWholeNumber_IsAValidationProblem()
    {
        var admin = fixture.Admin;
        var project = await admin.CreateProjectAsync();

        using var response = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", Flag("f", "temporary", "soon"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
