using System.CommandLine;

namespace Vexil.Cli.CommandLine;

/// <summary>
/// <c>vexil completion bash|zsh</c>: prints a shell script that completes <c>vexil</c> by asking the executable itself
/// through System.CommandLine's <c>[suggest:POSITION]</c> directive, so completions always match the installed version.
/// </summary>
internal static class CompletionCommand
{
    public const string Bash = """
        # vexil completion for bash: eval "$(vexil completion bash)" in ~/.bashrc
        _vexil_complete() {
            local line="${COMP_LINE#*[[:space:]]}"
            local position=$(( COMP_POINT - ${#COMP_LINE} + ${#line} ))
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${position}]" "${line}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _vexil_complete vexil
        """;

    public const string Zsh = """
        #compdef vexil
        # vexil completion for zsh: eval "$(vexil completion zsh)" in ~/.zshrc (after compinit)
        _vexil() {
            local line="${BUFFER#*[[:space:]]}"
            local -i position=$(( CURSOR - ${#BUFFER} + ${#line} ))
            local -a candidates
            candidates=("${(@f)$("${words[1]}" "[suggest:${position}]" "${line}" 2>/dev/null)}")
            if (( ${#candidates} )); then
                compadd -a candidates
            else
                _files
            fi
        }
        compdef _vexil vexil
        """;

    public static Command Create(CliConsole console)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Prints the shell completion script for bash or zsh (eval \"$(vexil completion bash)\")") { shell };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await console.Out.WriteLineAsync(parse.GetValue(shell) == "zsh" ? Zsh : Bash);
            return 0;
        });
        return command;
    }
}
