namespace Vexil.Cli.CommandLine;

/// <summary>Ends a command with a message on standard error and an exit code: 2 for usage errors, 1 for everything else.</summary>
internal sealed class CliException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The HTTP status the server answered, when the failure is the server's answer.</summary>
    public System.Net.HttpStatusCode? Status { get; init; }

    public static CliException Usage(string message) => new(message, 2);

    public static CliException Failure(string message) => new(message, 1);
}
