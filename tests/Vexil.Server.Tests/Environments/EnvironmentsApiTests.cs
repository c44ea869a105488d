using System.Net;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Environments;

public sealed class EnvironmentsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HttpClient Admin => fixture.Admin;

    [Fact(Timeout = 30_000)]
    public async Task NewEnvironment_InAProjectWithFlags_StartsAtVersionOneWithEveryFlagOff()
    {
        var project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(project, "a");
        await Admin.CreateFlagAsync(project, "b");

        using var created = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments", new { key = "qa", name = "QA" });
        using var ruleset = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/environments/qa/ruleset");
        using var duplicate = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments", new { key = "qa", name = "QA" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await ruleset.JsonAsync();
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        Assert.All(body.GetProperty("flags").EnumerateArray(), f => Assert.False(f.GetProperty("enabled").GetBoolean()));
        Assert.Equal(2, body.GetProperty("flags").GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Version_LongPoll_AnswersWhenTheEnvironmentMoves()
    {
        var project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(project, "f");
        var environment = $"/api/v1/projects/{project}/environments/staging";

        var waiting = Admin.SendAsync(HttpMethod.Get, $"{environment}/version?after=1&wait=10");
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        using var write = await Admin.SendAsync(HttpMethod.Put, $"{environment}/flags/f/enabled", new { enabled = true }, "*");
        using var answered = await waiting;

        Assert.Equal(2, (await answered.JsonAsync()).GetProperty("version").GetInt64());
    }

    [Fact(Timeout = 30_000)]
    public async Task SdkRuleset_WithMinVersion_WaitsForThatVersion()
    {
        var project = await Admin.CreateProjectAsync();
        await Admin.CreateFlagAsync(project, "f");
        using var sdk = fixture.Server.Client(await AuthorizationMatrixTests.SdkKeyAsync(Admin, project, "production", "server"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/ruleset");
        request.Headers.Add("Vexil-Min-Version", "2");
        var waiting = sdk.SendAsync(request, TestContext.Current.CancellationToken);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        using var write = await Admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/production/flags/f/enabled", new { enabled = true }, "*");
        using var answered = await waiting;

        Assert.Equal(2, (await answered.JsonAsync()).GetProperty("version").GetInt64());
        Assert.Equal(["true"], answered.Headers.GetValues("Vexil-Min-Version-Satisfied"));
    }
}
