using System.Text.RegularExpressions;
using Vexil.Cli.CommandLine;
using Vexil.Server.Tests.Auth.Oidc;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Cli;

/// <summary>
/// <c>vexil login --provider</c> against a real OpenID provider: the device flow (the person confirms the code on the
/// provider's pages), the ID token exchanged for a Vexil session, stored and used by the next command.
/// </summary>
public sealed partial class SsoLoginCliTests(OidcProviderFixture oidc) : IClassFixture<OidcProviderFixture>
{
    [Fact(Timeout = 120_000)]
    public async Task LoginWithAProvider_ThroughTheDeviceFlow_StoresASession_ThatTheNextCommandUses()
    {
        await using var server = await oidc.StartServerAsync();
        var user = await oidc.NewUserAsync("vexil-editors");
        var config = Path.Combine(Path.GetTempPath(), "vexil-sso-cli-" + Guid.NewGuid().ToString("N"), "config.json");

        var (exit, output, error) = await LoginAsync(server, "test", config, code => oidc.Provider.ApproveDeviceAsync(code, user.Name, user.Password, TestContext.Current.CancellationToken));

        Assert.True(exit == 0, output + error);
        Assert.Contains($"{oidc.Provider.IssuerText}/device", output, StringComparison.Ordinal);
        Assert.Contains("through test as editor", output, StringComparison.Ordinal);
        Assert.Contains("vx_ses_", await File.ReadAllTextAsync(config, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var list = new StringWriter();
        var console = new CliConsole(list, new StringWriter(), new StringReader(string.Empty), _ => null, config);
        Assert.Equal(0, await VexilCli.RunAsync(["projects", "list"], console, TestContext.Current.CancellationToken));
        Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
    }

    [Fact(Timeout = 120_000)]
    public async Task LoginWithAProvider_WhenVexilRefusesThePerson_FailsWithTheReason_AndStoresNothing()
    {
        await using var server = await oidc.StartServerAsync();
        var user = await oidc.NewUserAsync("marketing");
        var config = Path.Combine(Path.GetTempPath(), "vexil-sso-cli-" + Guid.NewGuid().ToString("N"), "config.json");

        var (exit, _, error) = await LoginAsync(server, "test", config, code => oidc.Provider.ApproveDeviceAsync(code, user.Name, user.Password, TestContext.Current.CancellationToken));

        Assert.Equal(1, exit);
        Assert.Contains("(401)", error, StringComparison.Ordinal);
        Assert.Contains("no mapping matches", error, StringComparison.Ordinal);
        Assert.False(File.Exists(config));
    }

    [Fact(Timeout = 60_000)]
    public async Task LoginWithAnUnknownProvider_IsAUsageError_NamingTheKnownOnes()
    {
        await using var server = await oidc.StartServerAsync();
        var (exit, _, error) = await LoginAsync(server, "nope", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "config.json"), _ => Task.CompletedTask);
        Assert.Equal(2, exit);
        Assert.Contains("no provider 'nope' (it has: test)", error, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>vexil login --provider</c>; once it shows the code, <paramref name="confirm"/> plays the person at the provider's pages.</summary>
    private static async Task<(int Exit, string Out, string Error)> LoginAsync(VexilTestServer server, string provider, string config, Func<string, Task> confirm)
    {
        var output = new StringWriter();
        var synchronized = TextWriter.Synchronized(output);
        var error = new StringWriter();
        var console = new CliConsole(synchronized, error, new StringReader(string.Empty), _ => null, config);
        var run = VexilCli.RunAsync(["login", "--url", server.Address.ToString(), "--provider", provider], console, TestContext.Current.CancellationToken);
        while (!run.IsCompleted)
        {
            string text;
            lock (synchronized)
            {
                text = output.ToString();
            }

            if (CodePattern().Match(text) is { Success: true } match)
            {
                await confirm(match.Groups["code"].Value);
                break;
            }

            await Task.WhenAny(run, Task.Delay(50, TestContext.Current.CancellationToken));
        }

        var exit = await run;
        lock (synchronized)
        {
            return (exit, output.ToString(), error.ToString());
        }
    }

    [GeneratedRegex(@"confirm the code (?<code>[A-Z0-9-]+)\.")]
    private static partial Regex CodePattern();
}
