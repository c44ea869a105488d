using System.CommandLine;

namespace Vexil.Cli.CommandLine;

/// <summary>The options the client commands share; each command gets its own instances (a symbol has one parent).</summary>
internal static class CliOptions
{
    public const string UrlName = "--url";
    public const string JsonName = "--json";
    public const string ProjectName = "--project";
    public const string EnvironmentName = "--env";

    public static Option<string> Url() => new(UrlName)
    {
        Description = "The control plane's URL, instead of VEXIL_URL or the one 'vexil login' stored",
        HelpName = "URL",
    };

    public static Option<string> Project() => new(ProjectName)
    {
        Description = "The project's key",
        HelpName = "P",
        Required = true,
    };

    public static Option<string> Environment(bool required = true) => new(EnvironmentName)
    {
        Description = "The environment's key (development, staging, production, ...)",
        HelpName = "E",
        Required = required,
    };

    public static Option<bool> Json() => new(JsonName) { Description = "Print the API's JSON instead of a table" };

    public static Option<bool> DryRun() => new("--dry-run") { Description = "Run every check and show what would change; write nothing" };

    public static Option<string> Comment() => new("--comment") { Description = "A comment for the audit log", HelpName = "C" };

    /// <summary>A file argument; the shell completes it as a path.</summary>
    public static Argument<string> File(string name = "FILE", string description = "The file") => new(name) { Description = description };

    /// <summary>A whole non-negative number, with a message that names the option and the value.</summary>
    public static Option<int?> WholeNumber(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            result.AddError($"{name} must be a whole number, not '{text}'");
            return null;
        },
    };

    /// <summary>The command with <c>--url</c> added: every client command talks to a control plane.</summary>
    public static Command WithUrl(this Command command)
    {
        command.Options.Add(Url());
        return command;
    }
}
