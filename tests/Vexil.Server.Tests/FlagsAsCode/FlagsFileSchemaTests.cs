using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.FlagsAsCode;

/// <summary>The published JSON Schema of the flags-as-code file (docs/schema/flags-file.schema.json, served at /schemas/flags-file.json).</summary>
public sealed class FlagsFileSchemaTests
{
    private static readonly string SchemaFolder = Path.Combine(AppContext.BaseDirectory, "schema");

    [Fact(Timeout = 60_000)]
    public async Task TheServedSchema_IsThePublishedFile_AndPublic()
    {
        await using var server = await VexilTestServer.StartAsync();
        using var anonymous = server.Client();

        using var response = await anonymous.GetAsync(new Uri("/schemas/flags-file.json", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(SchemaFolder, "flags-file.schema.json"), TestContext.Current.CancellationToken),
            await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("full.json")]
    [InlineData("imported.json")]
    public async Task TheExportOfARichEnvironment_IsValidAgainstTheSchema_AndApplyTakesTheSchemaLine(string golden)
    {
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "FlagsAsCode", "Golden", golden), TestContext.Current.CancellationToken))!.AsObject();
        file.Remove("version");
        file.Remove("environment");
        file.Insert(0, "$schema", "https://flags.example.com/schemas/flags-file.json");
        file["webhooks"] = JsonNode.Parse("""[{"name":"orders","url":"https://hooks.example.com/orders","events":["flag.*","segment.updated"],"description":"orders team"},{"name":"paused","url":"https://hooks.example.com/paused","events":["*"],"enabled":false}]""");
        file["settings"] = JsonNode.Parse("""{"changePolicy":{"requiredApprovals":2,"approverRoles":["editor","administrator"],"allowSelfApproval":false},"permissions":{"editor":"propose","administrator":"write"},"clientKeys":[{"name":"web","allowedOrigins":["https://shop.example.com"]}]}""");
        using (var key = await admin.SendAsync(HttpMethod.Post, $"/api/v1/projects/{project}/environments/production/sdk-keys", new { kind = "client", name = "web" }))
        {
            Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        }

        var flagCount = file["flags"]!.AsArray().Count;
        var segmentCount = file["segments"]?.AsArray().Count ?? 0;

        using var applied = await admin.PostAsync(
            new Uri($"/api/v1/projects/{project}/environments/production/apply", UriKind.Relative),
            new StringContent(file.ToJsonString(), Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var exported = await admin.GetStringAsync(new Uri($"/api/v1/projects/{project}/environments/production/export", UriKind.Relative), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(exported);

        var result = Schema().Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, Describe(result) + "\n" + exported);
        Assert.Equal(flagCount, document.RootElement.GetProperty("flags").GetArrayLength());
        Assert.Equal(segmentCount, document.RootElement.GetProperty("segments").GetArrayLength());
        Assert.Contains(document.RootElement.GetProperty("flags").EnumerateArray(), f => f.TryGetProperty("rules", out var rules) && rules.GetArrayLength() > 0);
        Assert.True(JsonNode.DeepEquals(file["webhooks"], JsonNode.Parse(document.RootElement.GetProperty("webhooks").GetRawText())), exported);
        Assert.True(JsonNode.DeepEquals(file["settings"], JsonNode.Parse(document.RootElement.GetProperty("settings").GetRawText())), exported);
    }

    /// <summary>Each file is malformed in one way; the schema refuses it, and so does the server's apply (400, nothing written).</summary>
    [Fact(Timeout = 60_000)]
    public async Task MalformedFiles_AreRefusedByTheSchema_AndByApply()
    {
        const string Flag = """{"key":"f","name":"F","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"fallthrough":{"variation":"off"}}""";
        string[] malformed =
        [
            """{"flags":[]}""",
            """{"formatVersion":2,"flags":[]}""",
            """{"formatVersion":1,"flags":[],"extensions":[]}""",
            """{"formatVersion":1,"flags":[],"webhooks":{}}""",
            """{"formatVersion":1,"flags":[],"webhooks":[{"url":"https://hooks.example.com/a","events":["flag.*"]}]}""",
            """{"formatVersion":1,"flags":[],"webhooks":[{"name":"a","url":"https://hooks.example.com/a","events":["flag.*"],"secretFromEnv":"lower case"}]}""",
            """{"formatVersion":1,"flags":[],"webhooks":[{"name":"a","url":"https://hooks.example.com/a","events":["flag.*"],"enabled":"no"}]}""",
            """{"formatVersion":1,"flags":[],"settings":{"colour":"red"}}""",
            """{"formatVersion":1,"flags":[],"settings":{"permissions":{"editor":"superuser"}}}""",
            """{"formatVersion":1,"flags":[],"settings":{"changePolicy":{"requiredApprovals":1}}}""",
            """{"formatVersion":1,"flags":[],"settings":{"clientKeys":[{"name":"web"}]}}""",
            """{"formatVersion":1,"flags":{}}""",
            """{"formatVersion":1,"$schema":42}""",
            $$"""{"formatVersion":1,"flags":[{{Flag.Replace("\"name\":\"F\"", "\"name\":\"\"", StringComparison.Ordinal)}}]}""",
            $$"""{"formatVersion":1,"flags":[{{Flag.Replace("\"name\":\"F\"", "\"name\":\"F\",\"expectedLifetimeDays\":0", StringComparison.Ordinal)}}]}""",
            $$"""{"formatVersion":1,"flags":[{{Flag.Replace("\"type\":\"boolean\",", string.Empty, StringComparison.Ordinal)}}]}""",
            $$"""{"formatVersion":1,"flags":[{{Flag.Replace("\"key\":\"f\"", "\"key\":\"f\",\"colour\":\"red\"", StringComparison.Ordinal)}}]}""",
        ];
        await using var server = await VexilTestServer.StartAsync();
        using var admin = await server.AdminAsync();
        var project = await admin.CreateProjectAsync();
        var schema = Schema();
        using (var valid = JsonDocument.Parse($$"""{"formatVersion":1,"flags":[{{Flag.Replace("\"name\":\"F\"", "\"name\":\"F\",\"expectedLifetimeDays\":30", StringComparison.Ordinal)}}],"segments":[]}"""))
        {
            Assert.True(schema.Evaluate(valid.RootElement).IsValid); // the cases below differ from a valid file in one thing
        }

        foreach (var text in malformed)
        {
            using var document = JsonDocument.Parse(text);
            Assert.False(schema.Evaluate(document.RootElement).IsValid, text);
            using var applied = await admin.PostAsync(
                new Uri($"/api/v1/projects/{project}/environments/production/apply", UriKind.Relative),
                new StringContent(text, Encoding.UTF8, "application/json"),
                TestContext.Current.CancellationToken);
            Assert.True(applied.StatusCode == HttpStatusCode.BadRequest, text + " -> " + applied.StatusCode);
        }

        var exported = JsonNode.Parse(await admin.GetStringAsync(new Uri($"/api/v1/projects/{project}/environments/production/export", UriKind.Relative), TestContext.Current.CancellationToken))!;
        Assert.Empty(exported["flags"]!.AsArray());
    }

    [Fact]
    public void TheSchemasDefinitions_AreTheRulesetSchemas_PlusTheFlagsNameAndExpectedLifetime()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(SchemaFolder, "flags-file.schema.json")))!;
        var ruleset = JsonNode.Parse(File.ReadAllText(Path.Combine(SchemaFolder, "ruleset-v1.schema.json")))!;
        var definitions = file["$defs"]!.DeepClone().AsObject();
        var flag = definitions["flag"]!.AsObject();
        var properties = flag["properties"]!.AsObject();

        Assert.True(properties.Remove("name"));
        Assert.True(properties.Remove("expectedLifetimeDays"));
        Assert.True(flag.Remove("description"));
        Assert.True(JsonNode.DeepEquals(ruleset["$defs"], definitions), "docs/schema/flags-file.schema.json's $defs drifted from ruleset-v1.schema.json's");
    }

    private static readonly Lazy<JsonSchema> Published = new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(SchemaFolder, "flags-file.schema.json"))));

    private static JsonSchema Schema() => Published.Value;

    private static string Describe(EvaluationResults result) =>
        string.Join("\n", (result.Details ?? []).Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
}
