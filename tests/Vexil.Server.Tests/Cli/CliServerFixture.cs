using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Vexil.Cli.CommandLine;
using Vexil.Testing;

namespace Vexil.Server.Tests.Cli;

/// <summary>One real vexil process for the CLI tests, with an editor token and a viewer token.</summary>
public sealed class CliServerFixture : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("vexil-cli-").FullName;

    public VexilServerProcess Server { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public string EditorToken { get; private set; } = null!;

    public string ViewerToken { get; private set; } = null!;

    public string AdminToken { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await VexilServerProcess.StartAsync(_data, TestContext.Current.CancellationToken);
        Admin = new HttpClient { BaseAddress = Server.Address };
        using var login = await Admin.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = VexilServerProcess.AdminPassword });
        login.EnsureSuccessStatusCode();
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
        EditorToken = await TokenAsync("editor");
        ViewerToken = await TokenAsync("viewer");
        AdminToken = await TokenAsync("administrator");
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>Runs the CLI's entry point with the given token (or none) in the environment and a fresh configuration file.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunAsync(EditorToken, null, args);

    public async Task<CliResult> RunAsync(string? token, string? stdin, string[] args, string? configPath = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["VEXIL_URL"] = Server.Address.ToString() };
        if (token is not null)
        {
            variables["VEXIL_TOKEN"] = token;
        }

        var console = new CliConsole(output, error, new StringReader(stdin ?? string.Empty), name => variables.GetValueOrDefault(name), configPath ?? Path.Combine(_data, Guid.NewGuid().ToString("N"), "config.json"));
        var exit = await VexilCli.RunAsync(args, console, TestContext.Current.CancellationToken);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public async Task<string> ProjectAsync(params string[] flags)
    {
        var key = "p-" + Guid.NewGuid().ToString("N")[..8];
        (await Admin.PostAsJsonAsync("/api/v1/projects", new { key, name = "Project " + key })).EnsureSuccessStatusCode();
        foreach (var flag in flags)
        {
            var body = new { key = flag, type = "boolean", name = "Flag " + flag, tags = new[] { "cli" }, variations = new object[] { new { key = "on", value = true }, new { key = "off", value = false } } };
            (await Admin.PostAsJsonAsync($"/api/v1/projects/{key}/flags", body)).EnsureSuccessStatusCode();
        }

        return key;
    }

    private async Task<string> TokenAsync(string role)
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/tokens", new { name = "cli-" + role, role });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }
}

/// <summary>What one CLI run printed and returned.</summary>
public sealed record CliResult(int Exit, string Out, string Error);
