using System.Net.Http.Headers;
using System.Text;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Ofrep;

/// <summary>Flags of every type in a fresh project, configured in production, and OFREP requests against them.</summary>
internal static class OfrepSetup
{
    /// <summary>
    /// Creates a project with: <c>bool</c> (targets vip, falls through to off), <c>text</c> (static "hello"),
    /// <c>count</c> (number, targets vip, falls through to 42.5), <c>shape</c> (object, a 100% rollout),
    /// <c>off</c> (disabled with an off variation), <c>dark</c> (disabled with no off variation).
    /// </summary>
    public static async Task<string> CreateProjectAsync(HttpClient admin)
    {
        var project = await admin.CreateProjectAsync();
        await admin.CreateFlagAsync(project, "bool");
        await CreateAsync(admin, project, "text", "string", """[{"key":"greeting","value":"hello"},{"key":"bye","value":"bye"}]""");
        await CreateAsync(admin, project, "count", "number", """[{"key":"low","value":42.5},{"key":"high","value":7}]""");
        await CreateAsync(admin, project, "shape", "object", """[{"key":"square","value":{"sides":4,"name":"square"}},{"key":"none","value":{}}]""");
        await admin.CreateFlagAsync(project, "off");
        await admin.CreateFlagAsync(project, "dark");
        await ConfigureAsync(admin, project, "bool", """{"enabled":true,"offVariation":"off","targets":[{"variation":"on","values":["vip"]}],"fallthrough":{"variation":"off"}}""");
        await ConfigureAsync(admin, project, "text", """{"enabled":true,"offVariation":"bye","fallthrough":{"variation":"greeting"}}""");
        await ConfigureAsync(admin, project, "count", """{"enabled":true,"offVariation":"low","targets":[{"variation":"high","values":["vip"]}],"fallthrough":{"variation":"low"}}""");
        await ConfigureAsync(admin, project, "shape", """{"enabled":true,"offVariation":"none","fallthrough":{"rollout":{"weights":[{"variation":"square","weight":100000},{"variation":"none","weight":0}]}}}""");
        await ConfigureAsync(admin, project, "off", """{"enabled":false,"offVariation":"off","fallthrough":{"variation":"on"}}""");
        await ConfigureAsync(admin, project, "dark", """{"enabled":false,"fallthrough":{"variation":"on"}}""");
        return project;
    }

    public static async Task ConfigureAsync(HttpClient admin, string project, string flag, string config, string environment = "production")
    {
        var url = $"/api/v1/projects/{project}/environments/{environment}/flags/{flag}";
        using var read = await admin.SendAsync(HttpMethod.Get, url);
        read.EnsureSuccessStatusCode();
        using var write = await admin.SendAsync(HttpMethod.Put, url, config, read.ETag());
        write.EnsureSuccessStatusCode();
    }

    public static Task<string> ClientKeyAsync(HttpClient admin, string project, string environment = "production") =>
        AuthorizationMatrixTests.SdkKeyAsync(admin, project, environment, "client");

    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, string body, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> EvaluateAsync(this HttpClient client, string flag, string? targetingKey = "someone") =>
        client.PostAsync($"/ofrep/v1/evaluate/flags/{flag}", targetingKey is null ? """{"context":{}}""" : $$$"""{"context":{"targetingKey":"{{{targetingKey}}}"}}""");

    private static async Task CreateAsync(HttpClient admin, string project, string key, string type, string variations)
    {
        using var response = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/flags", $$"""{"key":"{{key}}","type":"{{type}}","name":"{{key}}","variations":{{variations}}}""");
        response.EnsureSuccessStatusCode();
    }
}
