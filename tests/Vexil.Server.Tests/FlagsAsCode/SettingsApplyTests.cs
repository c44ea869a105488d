using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Vexil.Server.Tests.Auth;
using Vexil.Server.Tests.Infrastructure;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Tests.FlagsAsCode;

/// <summary>
/// Flags as code for an environment's webhooks and settings (change policy, permissions, client keys' origins): one
/// transaction with the flags and segments, all or nothing, a dry run that writes nothing, secrets never exported.
/// </summary>
public sealed class SettingsApplyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Flag = """{"key":"checkout","name":"Checkout","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"fallthrough":{"variation":"off"}}""";

    private static readonly string GivenSecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private HttpClient Admin => fixture.Admin;

    private static string File(string webhooks, string settings) =>
        $$"""{"formatVersion":1,"flags":[{{Flag}}],"segments":[],"webhooks":{{webhooks}},"settings":{{settings}}}""";

    private static readonly string Webhooks = $$"""
        [{"name":"orders","url":"https://hooks.example.com/orders","events":["flag.*"],"description":"orders team"},
         {"name":"audit","url":"https://hooks.example.com/audit","events":["*"],"secret":"{{GivenSecret}}"}]
        """;

    private const string Settings = """
        {"changePolicy":{"requiredApprovals":1,"approverRoles":["administrator"],"allowSelfApproval":true},
         "permissions":{"editor":"propose","administrator":"write"},
         "clientKeys":[{"name":"web","allowedOrigins":["https://Shop.example.com:443"]}]}
        """;

    [Fact(Timeout = 60_000)]
    public async Task ExportApplyExport_IsIdentical_AndApplyingAgainChangesNothing()
    {
        var source = await ProjectWithClientKeyAsync();
        var applied = await ApplyAsync(Admin, source, File(Webhooks, Settings));
        Assert.Equal(HttpStatusCode.OK, applied.Status);
        var hooks = applied.Body.GetProperty("webhooks").EnumerateArray().ToDictionary(w => w.GetProperty("key").GetString()!);
        Assert.Equal("create", hooks["orders"].GetProperty("change").GetString());
        Assert.StartsWith("whsec_", hooks["orders"].GetProperty("secret").GetString(), StringComparison.Ordinal); // generated: shown once
        Assert.False(hooks["audit"].TryGetProperty("secret", out _)); // the operator's own
        Assert.Equal(
            ["changePolicy:create", "permissions:create", "clientKeys:update"],
            applied.Body.GetProperty("settings").EnumerateArray().Select(s => $"{s.GetProperty("section").GetString()}:{s.GetProperty("change").GetString()}"));

        var exported = await ExportAsync(source);
        Assert.DoesNotContain("whsec_", exported, StringComparison.Ordinal);
        Assert.DoesNotContain(hooks["orders"].GetProperty("secret").GetString()!, exported, StringComparison.Ordinal);
        var file = JsonNode.Parse(exported)!;
        Assert.Equal("https://shop.example.com", file["settings"]!["clientKeys"]![0]!["allowedOrigins"]![0]!.GetValue<string>());
        Assert.Equal(["audit", "orders"], file["webhooks"]!.AsArray().Select(w => w!["name"]!.GetValue<string>()));

        // The exported file made into another project's environment gives the same file back.
        var target = await ProjectWithClientKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await ApplyAsync(Admin, target, exported)).Status);
        Assert.Equal(exported.Replace($"\"project\": \"{source}\"", $"\"project\": \"{target}\"", StringComparison.Ordinal), await ExportAsync(target));

        var again = await ApplyAsync(Admin, source, exported);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.All(again.Body.GetProperty("webhooks").EnumerateArray().Concat(again.Body.GetProperty("settings").EnumerateArray()), i => Assert.Equal("unchanged", i.GetProperty("change").GetString()));
        Assert.Equal(exported, await ExportAsync(source));
    }

    [Fact(Timeout = 60_000)]
    public async Task AWebhookMatchedByName_KeepsItsSecret_UnlessTheFileGivesAnother()
    {
        var project = await Admin.CreateProjectAsync();
        var created = await ApplyAsync(Admin, project, File("""[{"name":"orders","url":"https://hooks.example.com/a","events":["flag.*"]}]""", "{}"));
        var generated = created.Body.GetProperty("webhooks")[0].GetProperty("secret").GetString()!;
        var id = created.Body.GetProperty("webhooks")[0].GetProperty("id").GetString()!;

        var moved = await ApplyAsync(Admin, project, File("""[{"name":"orders","url":"https://hooks.example.com/b","events":["flag.*"]}]""", "{}"));
        var item = moved.Body.GetProperty("webhooks")[0];
        Assert.Equal(["url"], item.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(id, item.GetProperty("id").GetString());
        Assert.False(item.TryGetProperty("secret", out _));
        Assert.Equal(generated, await SecretAsync(project, id));

        var rotated = await ApplyAsync(Admin, project, File($$"""[{"name":"orders","url":"https://hooks.example.com/b","events":["flag.*"],"secret":"{{GivenSecret}}"}]""", "{}"));
        Assert.Equal(["secret"], rotated.Body.GetProperty("webhooks")[0].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(GivenSecret, await SecretAsync(project, id));
    }

    [Fact(Timeout = 60_000)]
    public async Task AWebhookTurnedOffInTheFile_IsExportedOff_KeepsItsSecret_AndIsTurnedOnWhenTheFileLeavesEnabledOut()
    {
        var project = await Admin.CreateProjectAsync();
        var created = await ApplyAsync(Admin, project, File($$"""[{"name":"orders","url":"https://hooks.example.com/a","events":["flag.*"],"secret":"{{GivenSecret}}"}]""", "{}"));
        var id = created.Body.GetProperty("webhooks")[0].GetProperty("id").GetString()!;

        var off = await ApplyAsync(Admin, project, File("""[{"name":"orders","url":"https://hooks.example.com/a","events":["flag.*"],"enabled":false}]""", "{}"));
        Assert.Equal(HttpStatusCode.OK, off.Status);
        Assert.Equal(["enabled"], off.Body.GetProperty("webhooks")[0].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.False(await EnabledAsync(project, id));
        Assert.Equal(GivenSecret, await SecretAsync(project, id));

        var exported = await ExportAsync(project);
        Assert.False(JsonNode.Parse(exported)!["webhooks"]![0]!["enabled"]!.GetValue<bool>());
        var again = await ApplyAsync(Admin, project, exported);
        Assert.Equal("unchanged", again.Body.GetProperty("webhooks")[0].GetProperty("change").GetString());
        Assert.Equal(exported, await ExportAsync(project));

        var on = await ApplyAsync(Admin, project, File("""[{"name":"orders","url":"https://hooks.example.com/a","events":["flag.*"]}]""", "{}"));
        Assert.Equal(["enabled"], on.Body.GetProperty("webhooks")[0].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.True(await EnabledAsync(project, id));
        Assert.Null(JsonNode.Parse(await ExportAsync(project))!["webhooks"]![0]!["enabled"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task ADryRun_ReportsEverySection_AndChangesNothing()
    {
        var project = await ProjectWithClientKeyAsync();
        var before = await ExportAsync(project);

        var dry = await ApplyAsync(Admin, project, File(Webhooks, Settings), dryRun: true);

        Assert.Equal(HttpStatusCode.OK, dry.Status);
        Assert.True(dry.Body.GetProperty("dryRun").GetBoolean());
        Assert.Equal("create", dry.Body.GetProperty("flags")[0].GetProperty("change").GetString());
        Assert.All(dry.Body.GetProperty("webhooks").EnumerateArray(), w =>
        {
            Assert.Equal("create", w.GetProperty("change").GetString());
            Assert.False(w.TryGetProperty("secret", out _));
            Assert.False(w.TryGetProperty("id", out _));
        });
        Assert.Equal(3, dry.Body.GetProperty("settings").EnumerateArray().Count(s => s.GetProperty("change").GetString() != "unchanged"));
        Assert.Equal(before, await ExportAsync(project));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("""[{"name":"orders","url":"https://hooks.example.com/a","events":["flag.renamed"]}]""", "{}", "webhooks[0].events[0]")]
    [InlineData("""[{"name":"orders","url":"http://127.0.0.1:9/a","events":["flag.*"]}]""", "{}", "webhooks[0].url")]
    [InlineData("""[{"name":"orders","url":"https://hooks.example.com/a","events":["flag.*"],"secretFromEnv":"SHOP_HOOK_SECRET"}]""", "{}", "webhooks[0].secretFromEnv")]
    [InlineData("""[{"name":"orders","url":"https://hooks.example.com/a","events":["flag.*"],"secret":"hunter2"}]""", "{}", "webhooks[0].secret")]
    [InlineData("""[{"name":"orders","url":"https://hooks.example.com/a","events":["flag.*"],"enabled":"off"}]""", "{}", "webhooks[0].enabled")]
    [InlineData("[]", """{"permissions":{"editor":"superuser"}}""", "settings.permissions.editor")]
    [InlineData("[]", """{"changePolicy":{"requiredApprovals":0,"approverRoles":["administrator"]}}""", "settings.changePolicy.requiredApprovals")]
    [InlineData("[]", """{"clientKeys":[{"name":"web","allowedOrigins":["https://*.example.com"]}]}""", "settings.clientKeys[0].allowedOrigins[0]")]
    [InlineData("[]", """{"clientKeys":[{"name":"mobile","allowedOrigins":[]}]}""", "settings.clientKeys[0].name")] // found in the transaction, after the flag was written
    public async Task ABadSection_IsAProblemNamingTheField_AndNothingChanges_FlagsIncluded(string webhooks, string settings, string path)
    {
        var project = await ProjectWithClientKeyAsync();
        var before = await ExportAsync(project);

        var refused = await ApplyAsync(Admin, project, File(webhooks.Replace("[]", Webhooks, StringComparison.Ordinal), settings.Replace("{}", Settings, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.True(refused.Body.GetProperty("errors").TryGetProperty(path, out _), refused.Body.ToString());
        Assert.Equal(before, await ExportAsync(project));
    }

    [Fact(Timeout = 60_000)]
    public async Task ChangingSettings_IsAnAdministratorsAct_ButAnEditorMayApplyAFileWhoseSettingsMatch()
    {
        var project = await ProjectWithClientKeyAsync();
        // No change policy here: a held flag would make the whole file a conflict (settings are never held for review).
        Assert.Equal(HttpStatusCode.OK, (await ApplyAsync(Admin, project, File(Webhooks, """{"permissions":{"editor":"write"}}"""))).Status);
        var exported = await ExportAsync(project);
        using var editor = fixture.Server.Client(await AuthorizationMatrixTests.TokenAsync(Admin, "editor", null));

        var same = await ApplyAsync(editor, project, exported);
        var other = await ApplyAsync(editor, project, exported.Replace("https://hooks.example.com/orders", "https://hooks.example.com/elsewhere", StringComparison.Ordinal).Replace("\"checkout\"", "\"checkout-2\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, same.Status);
        Assert.Equal(HttpStatusCode.Forbidden, other.Status);
        Assert.Contains("administrator's act", other.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(exported, await ExportAsync(project)); // the editor's new flag was rolled back with the webhook
    }

    [Fact(Timeout = 60_000)]
    public async Task APolicyInTheFile_GovernsLaterWrites_AndAHeldFileThatChangesSettingsIsAConflict()
    {
        var project = await ProjectWithClientKeyAsync();
        var first = await ApplyAsync(Admin, project, File(Webhooks, Settings)); // the flag is judged by the environment before the file
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var before = await ExportAsync(project);

        var refused = await ApplyAsync(Admin, project, before.Replace("\"checkout\"", "\"checkout-2\"", StringComparison.Ordinal).Replace("orders team", "orders", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("never held for review", refused.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await ExportAsync(project));
    }

    [Fact(Timeout = 60_000)]
    public async Task EverySettingChange_IsAuditedWithTheFlags()
    {
        var project = await ProjectWithClientKeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await ApplyAsync(Admin, project, File(Webhooks, Settings))).Status);

        using var audit = await Admin.SendAsync(HttpMethod.Get, $"/api/v1/projects/{project}/audit");
        var text = await audit.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        foreach (var action in new[] { "webhook.create", "policy.updated", "permissions.updated", "flag.create" })
        {
            Assert.Contains($"\"{action}\"", text, StringComparison.Ordinal);
        }
    }

    private async Task<string> ProjectWithClientKeyAsync()
    {
        var project = await Admin.CreateProjectAsync();
        using var key = await Admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/sdk-keys", new { kind = "client", name = "web" });
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        return project;
    }

    private async Task<string> ExportAsync(string project) =>
        await Admin.GetStringAsync(new Uri($"/api/v1/projects/{project}/environments/production/export", UriKind.Relative), TestContext.Current.CancellationToken);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ApplyAsync(HttpClient client, string project, string file, bool dryRun = false)
    {
        using var response = await client.PostAsync(
            new Uri($"/api/v1/projects/{project}/environments/production/apply{(dryRun ? "?dryRun=true" : string.Empty)}", UriKind.Relative),
            new StringContent(file, Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.JsonAsync());
    }

    private async Task<bool> EnabledAsync(string project, string id)
    {
        using var response = await Admin.GetAsync(new Uri($"/api/v1/projects/{project}/webhooks/{id}", UriKind.Relative), TestContext.Current.CancellationToken);
        return (await response.JsonAsync()).GetProperty("enabled").GetBoolean();
    }

    private async Task<string> SecretAsync(string project, string id)
    {
        var state = await fixture.Server.Services.GetRequiredService<WebhookStore>().GetWebhookAsync(project, id, TestContext.Current.CancellationToken);
        return fixture.Server.Services.GetRequiredService<WebhookSecretProtector>().Unprotect(id, state!.SecretCipher);
    }
}
