using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Auth;

/// <summary>Every endpoint against every kind of caller; each cell has its expected status.</summary>
public sealed class AuthorizationMatrixTests
{
    private enum Level
    {
        Viewer,
        Editor,
        Administrator,
        ServerKey,
        AnyKey,
        Person,
    }

    private enum Caller
    {
        None,
        Viewer,
        Editor,
        AdministratorToken,
        AdministratorPerson,
        EditorOfOtherProject,
        ServerKey,
        ClientKey,
        ServerKeyOfOtherEnvironment,
        ServerKeyOfOtherProject,
    }

    /// <summary>
    /// One route and what it needs: <see cref="Prepare"/> makes the object it acts on (as the administrator);
    /// <see cref="PrepareAs"/> makes it as the caller when the caller may (steps only an object's author may take).
    /// </summary>
    private sealed record Endpoint(Level Level, HttpMethod Method, string Path, string? Body = null, Func<Setup, Task<string>>? Prepare = null, Func<Setup, HttpClient, Task<string>>? PrepareAs = null);

    private sealed record Setup(VexilTestServer Server, HttpClient Admin, string Project, string OtherProject);

    [Fact(Timeout = 120_000)]
    public async Task EveryEndpoint_AgainstEveryCaller_AnswersTheExpectedStatus()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var a = await admin.CreateProjectAsync("matrix-a");
        var b = await admin.CreateProjectAsync("matrix-b");
        await admin.CreateFlagAsync(a, "f");
        await admin.CreateFlagAsync(b, "f"); // so that OFREP's single evaluation answers 200 to a key of either project
        // Governance rows act on a project of their own: a policy holds writes of its project, which other rows expect to answer at once.
        var governed = await admin.CreateProjectAsync(Governed(a));
        await admin.CreateFlagAsync(governed, "f");
        (await admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{governed}/environments/development/policy", new { requiredApprovals = 1, approverRoles = new[] { "editor", "administrator" }, allowSelfApproval = true })).EnsureSuccessStatusCode();
        (await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{a}/environments/production/segments", new { key = "s" })).EnsureSuccessStatusCode();
        var setup = new Setup(server, admin, a, b);
        var credentials = new Dictionary<Caller, string?>
        {
            [Caller.None] = null,
            [Caller.Viewer] = await TokenAsync(admin, "viewer", null),
            [Caller.Editor] = await TokenAsync(admin, "editor", null),
            [Caller.AdministratorToken] = await TokenAsync(admin, "administrator", null),
            [Caller.AdministratorPerson] = await VexilTestServer.LoginAsync(server.Address, "admin", VexilTestServer.AdminPassword),
            [Caller.EditorOfOtherProject] = await TokenAsync(admin, "editor", b),
            [Caller.ServerKey] = await SdkKeyAsync(admin, a, "production", "server"),
            [Caller.ClientKey] = await SdkKeyAsync(admin, a, "production", "client"),
            [Caller.ServerKeyOfOtherEnvironment] = await SdkKeyAsync(admin, a, "staging", "server"),
            [Caller.ServerKeyOfOtherProject] = await SdkKeyAsync(admin, b, "production", "server"),
        };

        var failures = new StringBuilder();
        var cells = 0;
        foreach (var endpoint in Endpoints(a))
        {
            foreach (var (caller, credential) in credentials)
            {
                var path = endpoint.Path.Replace("{u}", Guid.NewGuid().ToString("N")[..8], StringComparison.Ordinal);
                if (endpoint.Prepare is not null)
                {
                    path = path.Replace("{prepared}", await endpoint.Prepare(setup), StringComparison.Ordinal);
                }

                var body = endpoint.Body?.Replace("{u}", Guid.NewGuid().ToString("N")[..8], StringComparison.Ordinal);
                using var client = server.Client(credential);
                if (endpoint.PrepareAs is not null)
                {
                    path = path.Replace("{prepared}", await endpoint.PrepareAs(setup, client), StringComparison.Ordinal);
                }
                using var response = await client.SendAsync(endpoint.Method, path, body, endpoint.Method == HttpMethod.Get ? null : "*");
                var expected = Expected(endpoint.Level, caller);
                var ok = expected == HttpStatusCode.OK ? (int)response.StatusCode is >= 200 and < 300 : response.StatusCode == expected;
                cells++;
                if (!ok)
                {
                    failures.AppendLine($"{endpoint.Method} {endpoint.Path} as {caller}: expected {(expected == HttpStatusCode.OK ? "2xx" : ((int)expected).ToString())}, got {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Length == 0, $"{failures}");
        Assert.True(cells >= 300, $"only {cells} cells");
    }

    private static HttpStatusCode Expected(Level level, Caller caller)
    {
        if (caller == Caller.None)
        {
            return HttpStatusCode.Unauthorized;
        }

        var isKey = caller is Caller.ServerKey or Caller.ClientKey or Caller.ServerKeyOfOtherEnvironment or Caller.ServerKeyOfOtherProject;
        switch (level)
        {
            case Level.ServerKey:
                return isKey && caller != Caller.ClientKey ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
            case Level.AnyKey:
                return isKey ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
            case Level.Person:
                return caller == Caller.AdministratorPerson ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
        }

        if (isKey || caller == Caller.EditorOfOtherProject)
        {
            return HttpStatusCode.Forbidden;
        }

        var rank = caller switch
        {
            Caller.Viewer => 0,
            Caller.Editor => 1,
            _ => 2,
        };
        return rank >= (int)level ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
    }

    /// <summary>Routes that answer without a credential, on purpose; everything else must be in <see cref="Endpoints"/>.</summary>
    private static readonly HashSet<string> Anonymous = new(StringComparer.Ordinal)
    {
        "POST /api/v1/auth/login",
        "POST /api/v1/auth/password-reset",
        "GET /api/v1/auth/methods", // how to sign in: public by design (the sign-in page and 'vexil login' read it)
        "POST /api/v1/auth/oidc/{}/token", // an ID token is the credential: Auth/Oidc/OidcTokenExchangeTests
        "GET /healthz",
        "GET /schemas/flags-file.json", // the flags-file JSON Schema: public documentation, like the OpenAPI document
        "GET /health/live",
        "GET /health/ready",
    };

    /// <summary>Covered by <see cref="MetricsAccessTests"/>: the scrape token, or the metrics listener, on every role.</summary>
    private const string Metrics = "GET /metrics";

    /// <summary>The API's own documentation (the OpenAPI document and the reference page with its assets) is public.</summary>
    private static readonly string[] AnonymousPrefixes = ["GET /api/openapi/", "GET /api/reference"];

    /// <summary>Covered by <see cref="Stream_AgainstEveryCaller_AnswersTheExpectedStatus"/> (a stream never ends, so the matrix cannot read it).</summary>
    private const string Stream = "GET /sdk/v1/stream";

    /// <summary>OFREP's change stream: covered by Ofrep.OfrepEventsTests (key header or stream token; a stream never ends).</summary>
    private const string OfrepEvents = "GET /ofrep/v1/events";

    [Fact(Timeout = 60_000)]
    public async Task EveryMappedRoute_IsInTheMatrix_OrAnonymousByDesign()
    {
        await using var server = await VexilTestServer.StartAsync();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in Endpoints("{projectKey}"))
        {
            listed.Add(endpoint.Method.Method + " " + Template(endpoint.Path));
        }

        // The dashboard's routes (cookie sessions, HTML) have their own matrix: Dashboard/DashboardAuthorizationTests.
        foreach (var route in Dashboard.DashboardAuthorizationTests.Routes)
        {
            listed.Add(route.Method.Method + " " + Template(route.Path.Split('?')[0]));
        }

        var missing = new List<string>();
        foreach (var endpoint in server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
            {
                var route = method + " " + Template(endpoint.RoutePattern.RawText!);
                var anonymous = Anonymous.Contains(route) || AnonymousPrefixes.Any(p => route.StartsWith(p, StringComparison.Ordinal));
                if (!listed.Contains(route) && !anonymous && route != Stream && route != OfrepEvents && route != Metrics)
                {
                    missing.Add(route);
                }
            }
        }

        Assert.True(missing.Count == 0, "Routes without an authorization expectation:\n" + string.Join("\n", missing));
        Assert.True(listed.Count >= 30, $"only {listed.Count} listed routes matched");
    }

    [Fact(Timeout = 60_000)]
    public async Task Stream_AgainstEveryCaller_AnswersTheExpectedStatus()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var a = await admin.CreateProjectAsync("stream-a");
        var b = await admin.CreateProjectAsync("stream-b");
        var cases = new (string? Credential, HttpStatusCode Expected, string Who)[]
        {
            (null, HttpStatusCode.Unauthorized, "no credential"),
            (await TokenAsync(admin, "administrator", null), HttpStatusCode.Forbidden, "administrator token"),
            (await SdkKeyAsync(admin, a, "production", "client"), HttpStatusCode.Forbidden, "client key"),
            (await SdkKeyAsync(admin, a, "production", "server"), HttpStatusCode.OK, "server key"),
            (await SdkKeyAsync(admin, b, "staging", "server"), HttpStatusCode.OK, "server key of another project (its own environment)"),
            ("vx_srv_not-a-key", HttpStatusCode.Unauthorized, "unknown key"),
        };

        foreach (var (credential, expected, who) in cases)
        {
            using var client = server.Client(credential);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/stream");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
            Assert.True(expected == response.StatusCode, $"{who}: expected {(int)expected}, got {(int)response.StatusCode}");
            if (expected == HttpStatusCode.OK)
            {
                Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    /// <summary>A concrete test path as a route template: the project in it becomes {projectKey}, and so on.</summary>
    private static string Template(string path)
    {
        var segments = path.Split('?')[0].Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var previous = i > 0 ? segments[i - 1] : string.Empty;
            var segment = segments[i];
            if (segment.StartsWith('{'))
            {
                segments[i] = "{}";
                continue;
            }

            segments[i] = previous switch
            {
                "projects" or "environments" or "flags" or "segments" or "tokens" or "sdk-keys" or "accounts" or "sessions" when segment.Length > 0 => "{}",
                _ => segment,
            };
        }

        var template = string.Join('/', segments);
        return template.Length > 1 ? template.TrimEnd('/') : template;
    }

    private static IEnumerable<Endpoint> Endpoints(string a)
    {
        var p = $"/api/v1/projects/{a}";
        var prod = $"{p}/environments/production";
        var flag = """{"type":"boolean","name":"F","variations":[{"key":"on","value":true},{"key":"off","value":false}]}""";
        return
        [
            new(Level.Viewer, HttpMethod.Get, "/api/v1/projects"),
            new(Level.Viewer, HttpMethod.Get, p),
            new(Level.Viewer, HttpMethod.Get, $"{p}/environments"),
            new(Level.Viewer, HttpMethod.Get, prod),
            new(Level.Viewer, HttpMethod.Get, $"{prod}/ruleset"),
            new(Level.Viewer, HttpMethod.Get, $"{prod}/changes"),
            new(Level.Viewer, HttpMethod.Get, $"{prod}/version"),
            new(Level.Viewer, HttpMethod.Get, $"{p}/flags"),
            new(Level.Viewer, HttpMethod.Get, $"{p}/flags/f"),
            new(Level.Viewer, HttpMethod.Get, $"{prod}/flags/f"),
            new(Level.Viewer, HttpMethod.Get, $"{prod}/flags/f/usage"),
            new(Level.Viewer, HttpMethod.Get, $"{prod}/stale-flags"),
            new(Level.Viewer, HttpMethod.Get, $"{prod}/segments"),
            new(Level.Viewer, HttpMethod.Get, $"{prod}/segments/s"),
            new(Level.Viewer, HttpMethod.Get, $"{prod}/export"),
            new(Level.Viewer, HttpMethod.Get, $"{p}/audit"),
            new(Level.Editor, HttpMethod.Post, "/api/v1/projects", """{"key":"p-{u}","name":"P"}"""),
            new(Level.Editor, HttpMethod.Put, p, """{"name":"renamed"}"""),
            new(Level.Editor, HttpMethod.Post, "/api/v1/projects/{prepared}/archive", Prepare: PrepareProjectAsync),
            new(Level.Editor, HttpMethod.Post, "/api/v1/projects/{prepared}/restore", Prepare: PrepareProjectAsync),
            new(Level.Editor, HttpMethod.Post, "/api/v1/projects/reorder", $$"""{"keys":["{{a}}"]}"""),
            new(Level.Editor, HttpMethod.Post, $"{p}/environments", """{"key":"e-{u}","name":"E"}"""),
            new(Level.Editor, HttpMethod.Put, $"{p}/environments/staging", """{"name":"Staging"}"""),
            new(Level.Editor, HttpMethod.Post, $"{p}/environments/{{prepared}}/archive", Prepare: s => PrepareEnvironmentAsync(s, a)),
            new(Level.Editor, HttpMethod.Post, $"{p}/environments/{{prepared}}/restore", Prepare: s => PrepareEnvironmentAsync(s, a)),
            new(Level.Editor, HttpMethod.Post, $"{p}/environments/reorder", """{"keys":["development","staging","production"]}"""),
            new(Level.Editor, HttpMethod.Post, $"{p}/flags", flag.Replace("{\"type\"", "{\"key\":\"f-{u}\",\"type\"", StringComparison.Ordinal)),
            new(Level.Editor, HttpMethod.Put, $"{p}/flags/f", flag),
            new(Level.Editor, HttpMethod.Delete, $"{p}/flags/{{prepared}}", Prepare: s => PrepareFlagAsync(s)),
            new(Level.Editor, HttpMethod.Post, $"{p}/flags/f/promote", """{"from":"staging","to":"production"}"""),
            new(Level.Viewer, HttpMethod.Get, $"{prod}/export"),
            new(Level.Editor, HttpMethod.Post, $"{prod}/apply", """{"formatVersion":1,"flags":[]}"""),
            new(Level.Editor, HttpMethod.Post, $"{p}/flags/f/archive"),
            new(Level.Editor, HttpMethod.Post, $"{p}/flags/f/restore"),
            new(Level.Editor, HttpMethod.Put, $"{prod}/flags/f", """{"enabled":true,"offVariation":"off","fallthrough":{"variation":"on"}}"""),
            new(Level.Editor, HttpMethod.Put, $"{prod}/flags/f/enabled", """{"enabled":false}"""),
            new(Level.Editor, HttpMethod.Post, $"{prod}/flags/f/rollback?toVersion=2"),
            new(Level.Editor, HttpMethod.Post, $"{prod}/import/flagd", """{"flags":{"imported-{u}":{"state":"ENABLED","defaultVariant":"on","variants":{"on":true,"off":false}}}}"""),
            new(Level.Editor, HttpMethod.Post, $"{prod}/import/launchdarkly", """{"flags":{"ld-{u}":{"key":"ld-{u}","on":true,"variations":[true,false],"fallthrough":{"variation":0}}},"segments":{}}"""),
            new(Level.Editor, HttpMethod.Post, $"{prod}/import/unleash", """{"features":[{"name":"unleash-{u}","enabled":true,"strategies":[]}]}"""),
            new(Level.Editor, HttpMethod.Post, $"{prod}/apply?dryRun=true", """{"formatVersion":1,"flags":[],"segments":[{"key":"applied-{u}"}]}"""),
            new(Level.Editor, HttpMethod.Post, $"{prod}/segments", """{"key":"s-{u}"}"""),
            new(Level.Editor, HttpMethod.Put, $"{prod}/segments/s", """{"description":"d"}"""),
            new(Level.Editor, HttpMethod.Delete, $"{prod}/segments/{{prepared}}", Prepare: s => PrepareSegmentAsync(s)),
            new(Level.Administrator, HttpMethod.Get, "/api/v1/audit"),
            new(Level.Administrator, HttpMethod.Post, "/api/v1/accounts", """{"username":"u-{u}","password":"a-long-password-1","role":"viewer"}"""),
            new(Level.Administrator, HttpMethod.Get, "/api/v1/tokens"),
            new(Level.Administrator, HttpMethod.Post, "/api/v1/tokens", """{"name":"t-{u}","role":"viewer"}"""),
            new(Level.Administrator, HttpMethod.Delete, "/api/v1/tokens/{prepared}", Prepare: s => PrepareTokenAsync(s)),
            new(Level.Administrator, HttpMethod.Get, $"{prod}/sdk-keys"),
            new(Level.Administrator, HttpMethod.Post, $"{p}/environments/development/sdk-keys", """{"kind":"client"}"""),
            new(Level.Administrator, HttpMethod.Post, $"{p}/environments/development/sdk-keys/{{prepared}}/revoke", Prepare: s => PrepareSdkKeyAsync(s)),
            new(Level.Administrator, HttpMethod.Post, $"{p}/environments/development/sdk-keys/{{prepared}}/rotate", """{"overlapSeconds":60}""", Prepare: s => PrepareSdkKeyAsync(s)),
            new(Level.Viewer, HttpMethod.Get, $"{p}/webhooks"),
            new(Level.Viewer, HttpMethod.Get, $"{p}/webhooks/{{prepared}}", Prepare: s => PrepareWebhookAsync(s)),
            new(Level.Viewer, HttpMethod.Get, $"{p}/webhooks/{{prepared}}/deliveries", Prepare: s => PrepareWebhookAsync(s)),
            new(Level.Administrator, HttpMethod.Post, $"{p}/webhooks", """{"url":"https://hooks.example.com/{u}","events":["*"]}"""),
            new(Level.Administrator, HttpMethod.Put, $"{p}/webhooks/{{prepared}}", """{"url":"https://hooks.example.com/v2","events":["flag.*"]}""", Prepare: s => PrepareWebhookAsync(s)),
            new(Level.Administrator, HttpMethod.Delete, $"{p}/webhooks/{{prepared}}", Prepare: s => PrepareWebhookAsync(s)),
            new(Level.Administrator, HttpMethod.Post, $"{p}/webhooks/{{prepared}}/rotate-secret", Prepare: s => PrepareWebhookAsync(s)),
            new(Level.ServerKey, HttpMethod.Get, "/sdk/v1/ruleset"),
            new(Level.ServerKey, HttpMethod.Get, "/sdk/v1/changes"),
            new(Level.ServerKey, HttpMethod.Get, "/sdk/v1/client-keys"),
            new(Level.Administrator, HttpMethod.Put, $"{p}/environments/development/sdk-keys/{{prepared}}", """{"allowedOrigins":["https://app.example.com"]}""", Prepare: s => PrepareClientKeyAsync(s)),
            .. GovernanceEndpoints(Governed(a)),
            new(Level.AnyKey, HttpMethod.Post, "/sdk/v1/evaluate", """{"targetingKey":"u1"}"""),
            new(Level.AnyKey, HttpMethod.Post, "/ofrep/v1/evaluate/flags/f", """{"context":{"targetingKey":"u1"}}"""),
            new(Level.AnyKey, HttpMethod.Post, "/ofrep/v1/evaluate/flags", """{"context":{"targetingKey":"u1"}}"""),
            // Exposures: any key may report them (summaries only from server keys: Events.EventsApiTests).
            new(Level.AnyKey, HttpMethod.Post, "/events/v1/bulk", """{"id":"b-{u}","exposures":[{"flag":"f","variation":"on","version":1,"targetingKey":"u1","at":"2026-11-24T12:00:00Z"}]}"""),
            new(Level.Administrator, HttpMethod.Get, "/api/v1/accounts"),
            new(Level.Administrator, HttpMethod.Post, "/api/v1/accounts/{prepared}/disable", Prepare: s => PrepareAccountAsync(s)),
            new(Level.Administrator, HttpMethod.Post, "/api/v1/accounts/{prepared}/enable", Prepare: s => PrepareAccountAsync(s)),
            new(Level.Administrator, HttpMethod.Put, "/api/v1/accounts/{prepared}/role", """{"role":"editor"}""", Prepare: s => PrepareAccountAsync(s)),
            new(Level.Administrator, HttpMethod.Delete, "/api/v1/accounts/{prepared}", Prepare: s => PrepareAccountAsync(s)),
            new(Level.Administrator, HttpMethod.Get, "/api/v1/accounts/{prepared}/sessions", Prepare: s => PrepareAccountAsync(s)),
            new(Level.Administrator, HttpMethod.Delete, "/api/v1/accounts/admin/sessions/{prepared}", Prepare: s => PrepareAdminSessionAsync(s)),
            new(Level.Administrator, HttpMethod.Post, "/api/v1/accounts/{prepared}/password-reset", Prepare: s => PrepareAccountAsync(s)),
            new(Level.Person, HttpMethod.Get, "/api/v1/auth/sessions"),
            new(Level.Person, HttpMethod.Delete, "/api/v1/auth/sessions/{prepared}", Prepare: s => PrepareAdminSessionAsync(s)),
            // Last: changing the password signs out the administrator's other sessions (Setup.Admin), signing out ends the caller's.
            new(Level.Person, HttpMethod.Put, "/api/v1/auth/password", $$"""{"currentPassword":"{{VexilTestServer.AdminPassword}}","newPassword":"{{VexilTestServer.AdminPassword}}"}"""),
            new(Level.Person, HttpMethod.Post, "/api/v1/auth/logout"),
        ];
    }

    private static string Governed(string project) => project + "-gov";

    private static IEnumerable<Endpoint> GovernanceEndpoints(string g)
    {
        var p = $"/api/v1/projects/{g}";
        var requests = $"{p}/change-requests";
        var open = """{"title":"t-{u}","changes":[{"type":"toggleFlag","environment":"development","flag":"f","enabled":true}]}""";
        var schedule = """{"runAt":"2036-01-01T00:00:00Z","changes":[{"type":"toggleFlag","environment":"staging","flag":"f","enabled":true}]}""";
        return
        [
            new(Level.Viewer, HttpMethod.Get, $"{p}/environments/development/policy"),
            new(Level.Administrator, HttpMethod.Put, $"{p}/environments/development/policy", """{"requiredApprovals":1,"approverRoles":["editor","administrator"],"allowSelfApproval":true}"""),
            new(Level.Administrator, HttpMethod.Delete, $"{p}/environments/{{prepared}}/policy", Prepare: s => PreparePolicyAsync(s, g)),
            new(Level.Viewer, HttpMethod.Get, $"{p}/environments/development/permissions"),
            new(Level.Administrator, HttpMethod.Put, $"{p}/environments/development/permissions", """{"editor":"write","administrator":"write"}"""),
            new(Level.Administrator, HttpMethod.Delete, $"{p}/environments/{{prepared}}/permissions", Prepare: s => PreparePermissionsAsync(s, g)),
            new(Level.Viewer, HttpMethod.Get, requests),
            new(Level.Editor, HttpMethod.Post, requests, open),
            new(Level.Viewer, HttpMethod.Get, $"{requests}/{{prepared}}", Prepare: s => PrepareChangeRequestAsync(s.Admin, g, approve: false)),
            new(Level.Editor, HttpMethod.Patch, $"{requests}/{{prepared}}", """{"title":"edited"}""", PrepareAs: (s, caller) => PrepareOwnChangeRequestAsync(s, caller, g)),
            new(Level.Editor, HttpMethod.Post, $"{requests}/{{prepared}}/withdraw", PrepareAs: (s, caller) => PrepareOwnChangeRequestAsync(s, caller, g)),
            new(Level.Editor, HttpMethod.Post, $"{requests}/{{prepared}}/approve", Prepare: s => PrepareChangeRequestAsync(s.Admin, g, approve: false)),
            new(Level.Editor, HttpMethod.Post, $"{requests}/{{prepared}}/reject", """{"comment":"no"}""", Prepare: s => PrepareChangeRequestAsync(s.Admin, g, approve: false)),
            new(Level.Editor, HttpMethod.Post, $"{requests}/{{prepared}}/comments", """{"comment":"c"}""", Prepare: s => PrepareChangeRequestAsync(s.Admin, g, approve: false)),
            new(Level.Editor, HttpMethod.Post, $"{requests}/{{prepared}}/rebase", Prepare: s => PrepareChangeRequestAsync(s.Admin, g, approve: false)),
            new(Level.Editor, HttpMethod.Post, $"{requests}/{{prepared}}/apply", Prepare: s => PrepareChangeRequestAsync(s.Admin, g, approve: true)),
            new(Level.Viewer, HttpMethod.Get, $"{p}/schedules"),
            new(Level.Editor, HttpMethod.Post, $"{p}/schedules", schedule),
            new(Level.Viewer, HttpMethod.Get, $"{p}/schedules/{{prepared}}", Prepare: s => PrepareScheduleAsync(s, g, schedule)),
            new(Level.Editor, HttpMethod.Patch, $"{p}/schedules/{{prepared}}", """{"title":"moved"}""", Prepare: s => PrepareScheduleAsync(s, g, schedule)),
            new(Level.Editor, HttpMethod.Delete, $"{p}/schedules/{{prepared}}", Prepare: s => PrepareScheduleAsync(s, g, schedule)),
        ];
    }

    private static async Task<string> PrepareProjectAsync(Setup s)
    {
        var key = "p-" + Guid.NewGuid().ToString("N")[..8];
        (await s.Admin.SendAsync(HttpMethod.Post, "/api/v1/projects", new { key, name = key })).EnsureSuccessStatusCode();
        return key;
    }

    private static async Task<string> PrepareEnvironmentAsync(Setup s, string project)
    {
        var key = "e-" + Guid.NewGuid().ToString("N")[..8];
        (await s.Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments", new { key, name = key })).EnsureSuccessStatusCode();
        return key;
    }

    private static async Task<string> PreparePolicyAsync(Setup s, string project)
    {
        var key = "e-" + Guid.NewGuid().ToString("N")[..8];
        (await s.Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments", new { key, name = key })).EnsureSuccessStatusCode();
        (await s.Admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/{key}/policy", new { requiredApprovals = 1, approverRoles = new[] { "editor" } })).EnsureSuccessStatusCode();
        return key;
    }

    private static async Task<string> PreparePermissionsAsync(Setup s, string project)
    {
        var key = "e-" + Guid.NewGuid().ToString("N")[..8];
        (await s.Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments", new { key, name = key })).EnsureSuccessStatusCode();
        (await s.Admin.SendAsync(HttpMethod.Put, $"/api/v1/projects/{project}/environments/{key}/permissions", new { editor = "propose" })).EnsureSuccessStatusCode();
        return key;
    }

    private static async Task<string> PrepareChangeRequestAsync(HttpClient author, string project, bool approve)
    {
        using var response = await author.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/change-requests", new { title = "t", changes = new[] { new { type = "toggleFlag", environment = "development", flag = "f", enabled = true } } });
        response.EnsureSuccessStatusCode();
        var id = (await response.JsonAsync()).GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (approve)
        {
            (await author.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/change-requests/{id}/approve")).EnsureSuccessStatusCode();
        }

        return id;
    }

    /// <summary>A change request of the caller's own when the caller may open one (only its author may edit or withdraw it); otherwise the administrator's.</summary>
    private static async Task<string> PrepareOwnChangeRequestAsync(Setup s, HttpClient caller, string project)
    {
        try
        {
            return await PrepareChangeRequestAsync(caller, project, approve: false);
        }
        catch (HttpRequestException)
        {
            return await PrepareChangeRequestAsync(s.Admin, project, approve: false);
        }
    }

    private static async Task<string> PrepareScheduleAsync(Setup s, string project, string body)
    {
        using var response = await s.Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/schedules", System.Text.Json.JsonDocument.Parse(body).RootElement);
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> PrepareFlagAsync(Setup s)
    {
        var key = "tmp-" + Guid.NewGuid().ToString("N")[..8];
        await s.Admin.CreateFlagAsync(s.Project, key);
        return key;
    }

    private static async Task<string> PrepareSegmentAsync(Setup s)
    {
        var key = "tmp-" + Guid.NewGuid().ToString("N")[..8];
        (await s.Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{s.Project}/environments/production/segments", new { key })).EnsureSuccessStatusCode();
        return key;
    }

    private static async Task<string> PrepareTokenAsync(Setup s)
    {
        using var response = await s.Admin.SendAsync(HttpMethod.Post, "/api/v1/tokens", new { name = "tmp", role = "viewer" });
        return (await response.JsonAsync()).GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> PrepareSdkKeyAsync(Setup s)
    {
        using var response = await s.Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{s.Project}/environments/development/sdk-keys", new { kind = "server" });
        return (await response.JsonAsync()).GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> PrepareClientKeyAsync(Setup s)
    {
        using var response = await s.Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{s.Project}/environments/development/sdk-keys", new { kind = "client" });
        return (await response.JsonAsync()).GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> PrepareWebhookAsync(Setup s)
    {
        using var response = await s.Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{s.Project}/webhooks", new { url = "https://hooks.example.com/matrix", events = new[] { "*" } });
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    private static async Task<string> PrepareAccountAsync(Setup s)
    {
        var username = "u-" + Guid.NewGuid().ToString("N")[..8];
        (await s.Admin.SendAsync(HttpMethod.Post, "/api/v1/accounts", new { username, password = "a-long-password-1", role = "viewer" })).EnsureSuccessStatusCode();
        return username;
    }

    /// <summary>Another session of the administrator: its id.</summary>
    private static async Task<string> PrepareAdminSessionAsync(Setup s)
    {
        using var other = s.Server.Client(await VexilTestServer.LoginAsync(s.Server.Address, "admin", VexilTestServer.AdminPassword));
        using var response = await other.SendAsync(HttpMethod.Get, "/api/v1/auth/sessions", null, null);
        return (await response.JsonAsync()).EnumerateArray().Single(e => e.GetProperty("current").GetBoolean()).GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static async Task<string> TokenAsync(HttpClient admin, string role, string? project)
    {
        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v1/tokens", new { name = role, role, project });
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("token").GetString()!;
    }

    internal static async Task<string> SdkKeyAsync(HttpClient admin, string project, string environment, string kind)
    {
        using var response = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/{environment}/sdk-keys", new { kind });
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("key").GetString()!;
    }
}
