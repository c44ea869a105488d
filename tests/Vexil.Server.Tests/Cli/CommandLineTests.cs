using System.CommandLine;
using Microsoft.Data.Sqlite;
using Vexil.Cli.CommandLine;
using Vexil.Server.Cli;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Cli;

/// <summary>The one parser of the vexil executable (client commands and server roles): help, usage errors, passthrough, completions.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vexil-cmdline-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string> EveryCommand()
    {
        var data = new TheoryData<string>();
        var root = VexilCli.Create(Console(new StringWriter(), new StringWriter()), r => ServerCommands.Add(r, []));
        Walk(root, string.Empty, data);
        return data;
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(EveryCommand))]
    public async Task EveryCommand_HasGeneratedHelp_ByHelpAndByDashDashHelp(string path)
    {
        string[] words = path.Split(' ');
        var byHelp = await RunAsync(["help", .. words]);
        var byOption = await RunAsync([.. words, "--help"]);

        Assert.Equal(0, byHelp.Exit);
        Assert.Contains("Description:", byHelp.Out, StringComparison.Ordinal);
        Assert.Contains($" {path} ", byHelp.Out, StringComparison.Ordinal); // the usage line names the command
        Assert.Equal(byHelp, byOption);
    }

    [Fact(Timeout = 30_000)]
    public async Task Help_IndexesEveryCommand_IncludingBackupAndTheServerRoles()
    {
        var help = await RunAsync(["help"]);
        var backup = await RunAsync(["help", "backup"]);

        Assert.Equal(0, help.Exit);
        foreach (var line in new[] { "vexil backup --out FOLDER", "vexil admin reset-password [options]", "vexil edge [options]", "vexil serve [options]", "vexil flags toggle --project P --env E KEY STATE [options]", "vexil completion SHELL" })
        {
            Assert.Contains("  " + line + "\n", help.Out, StringComparison.Ordinal);
        }

        Assert.Contains("--out <FOLDER> (REQUIRED)", backup.Out, StringComparison.Ordinal);
        Assert.Contains("pg_dump", backup.Out, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("vexil: Unrecognized command or argument 'explode'.", "help flags", "flags", "explode")]
    [InlineData("vexil: Unrecognized command or argument '--colour'.", "help flags list", "flags", "list", "--project", "p", "--colour", "x")]
    [InlineData("vexil: unknown command 'flgs'", "help", "flgs", "list")]
    [InlineData("vexil: Option '--project' is required.", "help flags list", "flags", "list")]
    [InlineData("vexil: Option '--out' is required.", "help backup", "backup")]
    [InlineData("vexil: --days must be a whole number, not 'ten'", "help insights stale", "insights", "stale", "--project", "p", "--env", "e", "--days", "ten")]
    [InlineData("vexil: the change request id must be a positive number, not '0'", "help changes show", "changes", "show", "--project", "p", "0")]
    [InlineData("vexil: Argument 'maybe' not recognized. Must be one of:", "help flags toggle", "flags", "toggle", "--project", "p", "--env", "e", "f", "maybe")]
    [InlineData("vexil: Argument 'week' not recognized. Must be one of:", "help changes list", "changes", "list", "--project", "p", "--status", "week")]
    [InlineData("vexil: 'admin' needs a subcommand: reset-password", "help admin", "admin")]
    public async Task UsageErrors_NameWhatIsWrong_AndWhereToReadMore_AndExitWith2(string message, string more, params string[] args)
    {
        var result = await RunAsync(args);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith(message, result.Error, StringComparison.Ordinal);
        Assert.EndsWith($"run 'vexil {more}' for usage\n", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UnmatchedVexilSettings_ReachTheRolesConfiguration(bool inline)
    {
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(data);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "vexil.db")};Pooling=false"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE marker (id INTEGER); INSERT INTO marker VALUES (42);";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var backup = Path.Combine(_root, "backup");
        string[] setting = inline ? [$"--Vexil:DataDirectory={data}"] : ["--Vexil:DataDirectory", data];

        var result = await RunAsync(["backup", .. setting, "--out", backup]);

        Assert.Equal(0, result.Exit);
        Assert.True(new FileInfo(Path.Combine(backup, "vexil.db")).Length > 0);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("flags t", "toggle")]
    [InlineData("fl", "flags")]
    [InlineData("changes list --status ", "applied")]
    [InlineData("flags toggle --project p --env e f ", "off")]
    [InlineData("ba", "backup")]
    [InlineData("admin ", "reset-password")]
    public async Task SuggestDirective_CompletesCommandsOptionsAndValues(string line, string expected)
    {
        var result = await RunAsync([$"[suggest:{line.Length}]", line]);

        Assert.Equal(0, result.Exit);
        Assert.Contains(expected, result.Out.Split('\n'));
    }

    [Fact(Timeout = 30_000)]
    public async Task CompletionCommand_PrintsScriptsThatAskTheSuggestDirective_AndRefusesOtherShells()
    {
        var bash = await RunAsync(["completion", "bash"]);
        var zsh = await RunAsync(["completion", "zsh"]);
        var fish = await RunAsync(["completion", "fish"]);

        Assert.Equal(0, bash.Exit);
        Assert.Contains("complete -o default -F _vexil_complete vexil", bash.Out, StringComparison.Ordinal);
        Assert.Contains("[suggest:", bash.Out, StringComparison.Ordinal);
        Assert.Contains("compdef _vexil vexil", zsh.Out, StringComparison.Ordinal);
        Assert.Equal(2, fish.Exit);
        Assert.Contains("'fish'", fish.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task BashCompletionScript_CompletesThroughTheRealExecutable()
    {
        var script = Path.Combine(_root, "complete.sh");
        var dll = Path.Combine(AppContext.BaseDirectory, "vexil.dll");
        await File.WriteAllTextAsync(script, $$"""
            {{CompletionCommand.Bash}}
            vexil() { dotnet '{{dll}}' "$@"; }
            complete_line() {
                COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -r -a COMP_WORDS <<< "$COMP_LINE"
                [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                _vexil_complete
                printf '%s\n' "${COMPREPLY[@]}"
            }
            complete_line "vexil flags to"
            complete_line "vexil changes list --status rej"
            """, TestContext.Current.CancellationToken);

        var result = await ExternalTool.RunAsync("bash", [script]);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(["toggle", "rejected"], result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static void Walk(Command command, string path, TheoryData<string> data)
    {
        foreach (var subcommand in command.Subcommands)
        {
            var subPath = path.Length == 0 ? subcommand.Name : path + " " + subcommand.Name;
            data.Add(subPath);
            Walk(subcommand, subPath, data);
        }
    }

    private static CliConsole Console(StringWriter output, StringWriter error) =>
        new(output, error, new StringReader(string.Empty), _ => null, Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "config.json"));

    private static async Task<CliResult> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await VexilCli.RunAsync(args, Console(output, error), root => ServerCommands.Add(root, args), TestContext.Current.CancellationToken);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}
