using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Vexil.Server.Tests.Api;

/// <summary>
/// Valid JSON carrying a lone surrogate (<c>"\ud800"</c>), or raw bytes that are not UTF-8, in any string or property
/// name the server reads: every JSON-reading endpoint of every role answers 400 (OFREP: its error body), never a 5xx.
/// </summary>
public sealed class BadUnicodeTests(BadUnicodeFixture fixture) : IClassFixture<BadUnicodeFixture>
{
    /// <summary>Where the bad text goes in each body.</summary>
    private const string Bad = "@@";

    public enum Role
    {
        ControlPlane,
        Edge,
        Serve,
    }

    public enum Caller
    {
        None,
        Admin,
        ServerKey,
        ClientKey,
    }

    public enum Text
    {
        /// <summary>A JSON escape of a high surrogate with no low surrogate after it: valid JSON, not Unicode.</summary>
        LoneSurrogate,

        /// <summary>A lone low surrogate.</summary>
        LoneLowSurrogate,

        /// <summary>A raw byte 0xFF, which no UTF-8 text contains.</summary>
        InvalidUtf8,
    }

    public sealed record Case(string Name, Role Role, Caller Caller, string Method, string Path, string Body);

    private const string Summary = """{"flag":"f","variation":"on","version":1,"count":1,"start":"2026-11-24T12:00:00Z","end":"2026-11-24T12:01:00Z"}""";
    private const string FlagdFlag = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on","targeting":{"if":[{"==":[{"var":"email"},"@@"]},"on","off"]}}""";
    private const string Variations = """[{"key":"on","value":"@@"},{"key":"off","value":"x"}]""";

    /// <summary>Every endpoint that reads a JSON body, with the bad text where it reads a string (or an unknown name).</summary>
    public static readonly Case[] Cases =
    [
        new("ofrep single: targeting key", Role.ControlPlane, Caller.ClientKey, "POST", "/ofrep/v1/evaluate/flags/f", """{"context":{"targetingKey":"@@"}}"""),
        new("ofrep single: attribute name", Role.ControlPlane, Caller.ClientKey, "POST", "/ofrep/v1/evaluate/flags/f", """{"context":{"targetingKey":"u","@@":1}}"""),
        new("ofrep single: nested attribute", Role.ControlPlane, Caller.ServerKey, "POST", "/ofrep/v1/evaluate/flags/f", """{"context":{"targetingKey":"u","org":{"tags":["a","@@"]}}}"""),
        new("ofrep bulk: attribute", Role.ControlPlane, Caller.ClientKey, "POST", "/ofrep/v1/evaluate/flags", """{"context":{"targetingKey":"u","email":"@@"}}"""),
        new("sdk evaluate", Role.ControlPlane, Caller.ServerKey, "POST", "/sdk/v1/evaluate", """{"targetingKey":"u","email":"@@"}"""),
        new("events bulk: flag key", Role.ControlPlane, Caller.ClientKey, "POST", "/events/v1/bulk", "{\"id\":\"b-1\",\"summaries\":[" + Summary.Replace("\"flag\":\"f\"", "\"flag\":\"@@\"", StringComparison.Ordinal) + "]}"),
        new("events bulk: unknown field", Role.ControlPlane, Caller.ServerKey, "POST", "/events/v1/bulk", "{\"id\":\"b-2\",\"@@\":\"x\",\"summaries\":[" + Summary + "]}"),
        new("flagd import", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/environments/production/import/flagd", "{\"flags\":{\"g\":" + FlagdFlag + "}}"),
        new("launchdarkly import: flag name", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/environments/production/import/launchdarkly", """{"flags":{"ld":{"key":"ld","name":"@@","on":true,"variations":[true,false],"fallthrough":{"variation":0},"offVariation":1}}}"""),
        new("unleash import: feature description", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/environments/production/import/unleash", """{"version":1,"features":[{"name":"un","description":"@@","enabled":true,"strategies":[{"name":"default"}]}]}"""),
        new("flags file apply: flag name", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/environments/production/apply", "{\"formatVersion\":1,\"flags\":[{\"key\":\"a1\",\"name\":\"@@\",\"type\":\"boolean\",\"variations\":[{\"key\":\"on\",\"value\":true}],\"fallthrough\":{\"variation\":\"on\"}}]}"),
        new("flags file apply: segment key", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/environments/production/apply", "{\"formatVersion\":1,\"segments\":[{\"key\":\"s\",\"included\":[\"@@\"]}]}"),
        new("flag create: variation value", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/flags", "{\"key\":\"n1\",\"type\":\"string\",\"name\":\"N\",\"variations\":" + Variations + "}"),
        new("flag create: name", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/flags", """{"key":"n2","type":"boolean","name":"@@","variations":[{"key":"on","value":true},{"key":"off","value":false}]}"""),
        new("flag update: variation value", Role.ControlPlane, Caller.Admin, "PUT", "/api/v1/projects/{p}/flags/f", "{\"type\":\"string\",\"name\":\"F\",\"variations\":" + Variations + "}"),
        new("flag promote", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/flags/f/promote", """{"from":"@@","to":"production"}"""),
        new("flag configuration: target value", Role.ControlPlane, Caller.Admin, "PUT", "/api/v1/projects/{p}/environments/production/flags/f", """{"enabled":true,"offVariation":"off","targets":[{"variation":"on","values":["@@"]}],"fallthrough":{"variation":"off"}}"""),
        new("flag configuration: clause value", Role.ControlPlane, Caller.Admin, "PUT", "/api/v1/projects/{p}/environments/production/flags/f", """{"enabled":true,"offVariation":"off","rules":[{"id":"r","clauses":[{"attribute":"email","operator":"in","values":["@@"]}],"serve":{"variation":"on"}}],"fallthrough":{"variation":"off"}}"""),
        new("flag toggle: unknown field", Role.ControlPlane, Caller.Admin, "PUT", "/api/v1/projects/{p}/environments/production/flags/f/enabled", """{"enabled":true,"@@":1}"""),
        new("segment create", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/environments/production/segments", """{"key":"s2","included":["@@"]}"""),
        new("segment update: rule", Role.ControlPlane, Caller.Admin, "PUT", "/api/v1/projects/{p}/environments/production/segments/s", """{"rules":[{"id":"r","clauses":[{"attribute":"@@","operator":"in","values":["x"]}]}]}"""),
        new("project create", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects", """{"key":"px","name":"@@"}"""),
        new("project update", Role.ControlPlane, Caller.Admin, "PUT", "/api/v1/projects/{p}", """{"name":"@@"}"""),
        new("project reorder", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/reorder", """{"keys":["@@"]}"""),
        new("environment create", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/environments", """{"key":"ex","name":"@@"}"""),
        new("environment rename", Role.ControlPlane, Caller.Admin, "PUT", "/api/v1/projects/{p}/environments/development", """{"name":"@@"}"""),
        new("environment reorder", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/environments/reorder", """{"keys":["@@"]}"""),
        new("login", Role.ControlPlane, Caller.None, "POST", "/api/v1/auth/login", """{"username":"@@","password":"a-long-password-1"}"""),
        new("single sign-on token exchange", Role.ControlPlane, Caller.None, "POST", "/api/v1/auth/oidc/test/token", """{"idToken":"@@"}"""),
        new("password change", Role.ControlPlane, Caller.Admin, "PUT", "/api/v1/auth/password", """{"currentPassword":"@@","newPassword":"a-long-password-2"}"""),
        new("password reset link", Role.ControlPlane, Caller.None, "POST", "/api/v1/auth/password-reset", """{"token":"vx_rst_x","newPassword":"@@"}"""),
        new("account create", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/accounts", """{"username":"u1","password":"@@","role":"viewer"}"""),
        new("account role", Role.ControlPlane, Caller.Admin, "PUT", "/api/v1/accounts/admin/role", """{"role":"@@"}"""),
        new("token create", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/tokens", """{"name":"@@","role":"viewer"}"""),
        new("sdk key create", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/environments/development/sdk-keys", """{"kind":"client","allowedOrigins":["https://@@.example.com"]}"""),
        new("sdk key rotate", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/environments/development/sdk-keys/1/rotate", """{"overlapSeconds":0,"allowedOrigins":["https://@@.example.com"]}"""),
        new("sdk key update", Role.ControlPlane, Caller.Admin, "PUT", "/api/v1/projects/{p}/environments/development/sdk-keys/1", """{"allowedOrigins":["https://@@.example.com"]}"""),
        new("webhook create", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/webhooks", """{"url":"https://hooks.example.com/","events":["*"],"description":"@@"}"""),
        new("webhook update", Role.ControlPlane, Caller.Admin, "PUT", "/api/v1/projects/{p}/webhooks/wh_0", """{"url":"https://hooks.example.com/","events":["*"],"description":"@@"}"""),
        new("change policy set", Role.ControlPlane, Caller.Admin, "PUT", "/api/v1/projects/{p}/environments/production/policy", """{"requiredApprovals":1,"approverRoles":["@@"]}"""),
        new("environment permissions set", Role.ControlPlane, Caller.Admin, "PUT", "/api/v1/projects/{p}/environments/production/permissions", """{"editor":"@@"}"""),
        new("change request open", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/change-requests", """{"title":"@@","changes":[{"type":"toggleFlag","environment":"production","flag":"f","enabled":true}]}"""),
        new("change request edit", Role.ControlPlane, Caller.Admin, "PATCH", "/api/v1/projects/{p}/change-requests/1", """{"description":"@@"}"""),
        new("change request approve", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/change-requests/1/approve", """{"comment":"@@"}"""),
        new("change request reject", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/change-requests/1/reject", """{"comment":"@@"}"""),
        new("change request comment", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/change-requests/1/comments", """{"comment":"@@"}"""),
        new("schedule create", Role.ControlPlane, Caller.Admin, "POST", "/api/v1/projects/{p}/schedules", """{"title":"@@","runAt":"2036-01-01T00:00:00Z","changes":[{"type":"toggleFlag","environment":"production","flag":"f","enabled":true}]}"""),
        new("schedule edit", Role.ControlPlane, Caller.Admin, "PATCH", "/api/v1/projects/{p}/schedules/1", """{"title":"@@"}"""),
        new("edge ofrep single", Role.Edge, Caller.ServerKey, "POST", "/ofrep/v1/evaluate/flags/f", """{"context":{"targetingKey":"@@"}}"""),
        new("edge ofrep bulk", Role.Edge, Caller.ServerKey, "POST", "/ofrep/v1/evaluate/flags", """{"context":{"targetingKey":"u","@@":true}}"""),
        new("edge events bulk", Role.Edge, Caller.ServerKey, "POST", "/events/v1/bulk", "{\"id\":\"b-3\",\"sdk\":\"@@\",\"summaries\":[" + Summary + "]}"),
        new("serve ofrep single", Role.Serve, Caller.None, "POST", "/ofrep/v1/evaluate/flags/f", """{"context":{"targetingKey":"@@"}}"""),
        new("serve ofrep bulk", Role.Serve, Caller.None, "POST", "/ofrep/v1/evaluate/flags", """{"context":{"targetingKey":"u","email":"@@"}}"""),
    ];

    /// <summary>Control-plane routes that take a body but no JSON (or none at all), so they need no row above.</summary>
    private static readonly HashSet<string> NoJsonBody = new(StringComparer.Ordinal)
    {
        "POST /api/v1/projects/{}/environments/{}/flags/{}/rollback",
        "POST /api/v1/projects/{}/environments/{}/sdk-keys/{}/revoke",
        "POST /api/v1/projects/{}/webhooks/{}/rotate-secret",
        "POST /api/v1/projects/{}/flags/{}/archive",
        "POST /api/v1/projects/{}/environments/{}/archive",
        "POST /api/v1/projects/{}/archive",
        "POST /api/v1/projects/{}/restore",
        "POST /api/v1/projects/{}/environments/{}/restore",
        "POST /api/v1/projects/{}/flags/{}/restore",
        "POST /api/v1/projects/{}/change-requests/{}/withdraw",
        "POST /api/v1/projects/{}/change-requests/{}/rebase",
        "POST /api/v1/projects/{}/change-requests/{}/apply",
        "POST /api/v1/accounts/{}/disable",
        "POST /api/v1/accounts/{}/enable",
        "POST /api/v1/accounts/{}/password-reset",
        "POST /api/v1/auth/logout",
    };

    /// <summary>Where the JSON APIs live; everything else on the control plane is the dashboard (forms).</summary>
    private static readonly string[] JsonApis = ["/api/", "/sdk/", "/ofrep/", "/events/"];

    public static TheoryData<string, Text> Rows()
    {
        var rows = new TheoryData<string, Text>();
        foreach (var c in Cases)
        {
            foreach (var text in Enum.GetValues<Text>())
            {
                rows.Add(c.Name, text);
            }
        }

        return rows;
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Rows))]
    public async Task BadUnicode_Is400_Never5xx(string name, Text text)
    {
        var c = Cases.Single(x => x.Name == name);
        using var client = Client(c);
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path.Replace("{p}", fixture.Project, StringComparison.Ordinal))
        {
            Content = new ByteArrayContent(Body(c.Body, text)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("If-Match", "*");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var answer = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name} ({text}): {(int)response.StatusCode} {answer}");
        Assert.Contains("not valid Unicode", answer, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(answer);
        if (c.Path.StartsWith("/ofrep/", StringComparison.Ordinal))
        {
            Assert.Contains(json.RootElement.GetProperty("errorCode").GetString(), new[] { "PARSE_ERROR", "INVALID_CONTEXT" });
        }
        else
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(400, json.RootElement.GetProperty("status").GetInt32());
        }
    }

    /// <summary>A context nested deeper than the evaluation context takes (32) but within the JSON parser's limit (64).</summary>
    [Theory(Timeout = 30_000)]
    [InlineData("ofrep single: nested attribute")]
    [InlineData("ofrep bulk: attribute")]
    [InlineData("sdk evaluate")]
    [InlineData("edge ofrep bulk")]
    [InlineData("serve ofrep bulk")]
    public async Task DeeplyNestedContext_Is400_Never5xx(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        var nested = "{\"targetingKey\":\"u\",\"deep\":" + new string('[', 40) + new string(']', 40) + "}";
        var body = c.Path.StartsWith("/ofrep/", StringComparison.Ordinal) ? "{\"context\":" + nested + "}" : nested;
        using var client = Client(c);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(c.Path, content, TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    [Fact(Timeout = 30_000)]
    public void EveryControlPlaneRouteWithABody_IsInTheTable()
    {
        var listed = Cases.Where(c => c.Role == Role.ControlPlane).Select(c => c.Method + " " + Template(c.Path)).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var endpoint in fixture.ControlPlane.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText!;
            if (!JsonApis.Any(prefix => pattern.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue; // the dashboard's routes take forms, not JSON
            }

            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                var route = method + " " + Template(pattern);
                if (method is "POST" or "PUT" or "PATCH" && !listed.Contains(route) && !NoJsonBody.Contains(route))
                {
                    missing.Add(route);
                }
            }
        }

        Assert.True(missing.Count == 0, "Routes that take a body but have no bad-Unicode row:\n" + string.Join("\n", missing));
    }

    /// <summary>The body as bytes, with the bad text in place of <see cref="Bad"/>.</summary>
    private static byte[] Body(string template, Text text)
    {
        var at = template.IndexOf(Bad, StringComparison.Ordinal);
        Assert.True(at >= 0, template);
        var before = Encoding.UTF8.GetBytes(template[..at]);
        var after = Encoding.UTF8.GetBytes(template[(at + Bad.Length)..]);
        byte[] bad = text switch
        {
            Text.LoneSurrogate => Encoding.ASCII.GetBytes("a\\ud800b"),
            Text.LoneLowSurrogate => Encoding.ASCII.GetBytes("\\udc00"),
            _ => [(byte)'a', 0xFF, (byte)'b'],
        };
        return [.. before, .. bad, .. after];
    }

    private HttpClient Client(Case c) => Client(fixture, c);

    /// <summary>A client of the case's role with the case's caller's credential.</summary>
    internal static HttpClient Client(BadUnicodeFixture fixture, Case c)
    {
        var address = c.Role switch
        {
            Role.Edge => fixture.Edge.Address,
            Role.Serve => fixture.Serve,
            _ => fixture.ControlPlane.Address,
        };
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(20) };
        var credential = c.Caller switch
        {
            Caller.Admin => fixture.Admin.DefaultRequestHeaders.Authorization!.Parameter,
            Caller.ServerKey => fixture.ServerKey,
            Caller.ClientKey => fixture.ClientKey,
            _ => null,
        };
        if (credential is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return client;
    }

    /// <summary>A route pattern or a concrete path with every parameter as <c>{}</c>.</summary>
    private static string Template(string path)
    {
        var segments = path.Split('?')[0].Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var previous = i > 0 ? segments[i - 1] : string.Empty;
            if (segments[i].StartsWith('{') || (previous is "projects" or "environments" or "flags" or "segments" or "tokens" or "sdk-keys" or "webhooks" or "change-requests" or "schedules" or "oidc" or "accounts" && segments[i].Length > 0))
            {
                segments[i] = "{}";
            }
        }

        var template = string.Join('/', segments);
        return template.Length > 1 ? template.TrimEnd('/') : template;
    }
}
