namespace Vexil.Server.Cli;

/// <summary><c>vexil export</c> and <c>vexil apply</c>: flags as code.</summary>
internal static class FlagsAsCodeCommands
{
    public static Task<int> ExportAsync(string[] argv, CliRun run) => throw CliException.Failure("export is not built yet");

    public static Task<int> ApplyAsync(string[] argv, CliRun run) => throw CliException.Failure("apply is not built yet");
}
