using System.CommandLine;
using Vexil.Cli.Api;

namespace Vexil.Cli.CommandLine;

/// <summary>One command's console, parsed command line and cancellation.</summary>
internal sealed record CliRun(CliConsole Console, ParseResult Parse, CancellationToken CancellationToken)
{
    public TextWriter Out => Console.Out;

    /// <summary>True when the command has <c>--json</c> and it was given.</summary>
    public bool Json => Parse.CommandResult.Command.Options.Any(o => o.Name == CliOptions.JsonName) && Parse.GetValue<bool>(CliOptions.JsonName);

    public string Project => Parse.GetRequiredValue<string>(CliOptions.ProjectName);

    public string Environment => Parse.GetRequiredValue<string>(CliOptions.EnvironmentName);

    public string? OptionalEnvironment => Parse.GetValue<string>(CliOptions.EnvironmentName);

    /// <summary><c>/api/v1/projects/{project}/environments/{env}</c>, escaped.</summary>
    public string EnvironmentPath => $"/api/v1/projects/{AdminClient.Segment(Project)}/environments/{AdminClient.Segment(Environment)}";

    public AdminClient Connect() => AdminClient.Connect(Console, Parse.GetValue<string>(CliOptions.UrlName));
}
