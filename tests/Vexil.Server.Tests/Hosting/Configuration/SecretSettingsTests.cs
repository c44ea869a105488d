using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Vexil.Server.Hosting;
using Vexil.Hosting.Configuration;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Hosting.Configuration;

/// <summary>Secrets never come from the command line; they come from the config file, the environment or <c>…File</c> settings.</summary>
public sealed class SecretSettingsTests
{
    [Theory]
    [InlineData("Vexil:AdminPassword", "--Vexil:AdminPassword=correct-horse-battery")]
    [InlineData("Vexil:AdminPassword", "--Vexil:AdminPassword", "correct-horse-battery")]
    [InlineData("vexil:adminpassword", "--vexil:adminpassword=correct-horse-battery")]
    [InlineData("Vexil:AdminPassword", "--Vexil:DataDirectory=data", "/Vexil:AdminPassword=correct-horse-battery")]
    [InlineData("Vexil:PostgresPassword", "--Vexil:PostgresPassword=pw")]
    [InlineData("Vexil:Tls:KeyPassword", "--Vexil:Tls:KeyPassword=pw")]
    [InlineData("Vexil:EventsNatsPassword", "--Vexil:EventsNatsPassword=pw")]
    [InlineData("Vexil:EventsNatsToken", "--Vexil:EventsNatsToken=pw")]
    [InlineData("Vexil:Postgres", "Host=db;Username=vexil;Password=secret")]
    [InlineData("Vexil:Postgres", "--Vexil:Postgres=Host=db;PWD=secret")]
    public void ControlPlane_SecretOnTheCommandLine_RefusesToStart(string setting, params string[] args)
    {
        var refused = Assert.Throws<SecretOnCommandLineException>(() => VexilApp.Create(args));
        Assert.Equal(setting, refused.Setting);
        Assert.Contains("must not be given on the command line", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edge", "--upstream", "http://127.0.0.1:1", "--Vexil:Edge:Keys:0=vx_srv_secret")]
    [InlineData("edge", "--upstream", "http://127.0.0.1:1", "--Vexil:Edge:Keys=vx_srv_secret")]
    [InlineData("serve", "--flags-file", "flags.json", "--Vexil:Serve:Keys:0=secret")]
    public void EdgeAndServe_KeysOnTheCommandLine_RefuseToStart(params string[] args) =>
        Assert.Throws<SecretOnCommandLineException>(() => VexilApp.Create(args));

    [Fact]
    public void CommandLine_WithoutSecrets_IsAccepted()
    {
        SecretSettings.EnsureNoneOnCommandLine(["--Vexil:Postgres=Host=127.0.0.1;Port=5432;Username=postgres", "--Vexil:AdminPasswordFile=/run/credentials/admin", "--Vexil:Edge:KeysFile=/etc/vexil/keys"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task AdminPasswordFile_CreatesTheAdministratorWithThePasswordInTheFile()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "password-from-a-file-42\n", TestContext.Current.CancellationToken);
        try
        {
            await using var server = await VexilTestServer.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Vexil:AdminPassword"] = null,
                ["Vexil:AdminPasswordFile"] = file,
            }));
            var token = await VexilTestServer.LoginAsync(server.Address, "admin", "password-from-a-file-42");
            Assert.StartsWith("vx_ses_", token, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void SecretFile_Missing_RefusesToStartNamingTheFile()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-secret-" + Guid.NewGuid().ToString("N"));
        var refused = Assert.Throws<ConfigurationException>(() => VexilApp.Create([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vexil:AdminPassword"] = null,
            ["Vexil:AdminPasswordFile"] = missing,
        })));
        Assert.Contains(missing, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgresPassword_IsAppliedToTheConnectionString()
    {
        var options = new VexilOptions { Postgres = "Host=db;Username=vexil;Database=vexil", PostgresPassword = "s3cret;with=odd chars" };
        var built = new Npgsql.NpgsqlConnectionStringBuilder(options.PostgresConnectionString());
        Assert.Equal("s3cret;with=odd chars", built.Password);
        Assert.Equal("db", built.Host);
    }

    [Fact(Timeout = 120_000)]
    public async Task RealProcess_SecretOnTheCommandLine_ExitsWithCode2AndSaysWhy()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vexil.dll"));
        start.ArgumentList.Add("--Vexil:AdminPassword=correct-horse-battery");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("'Vexil:AdminPassword' is a secret and must not be given on the command line", await stderr, StringComparison.Ordinal);
    }
}
