namespace Vexil.Hosting.Configuration;

/// <summary>What the start says about its address when a convention was set and lost to <c>Vexil:Listen</c>.</summary>
internal static partial class ListenLog
{
    /// <summary>Logs the unused convention, if any, once the application is built.</summary>
    public static void Report(WebApplication app, ListenAddress listen)
    {
        if (listen.Unused is { } unused)
        {
            LogUnused(app.Logger, listen.Value, unused);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening on {Listen} from Vexil:Listen, which wins over {Unused}")]
    private static partial void LogUnused(ILogger logger, string listen, string unused);
}
