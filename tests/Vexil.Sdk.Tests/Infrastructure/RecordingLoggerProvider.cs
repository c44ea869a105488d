using Microsoft.Extensions.Logging;

namespace Vexil.Sdk.Tests.Infrastructure;

/// <summary>A logger provider that keeps every record: its event name and its state's key-value pairs.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly List<(string? EventName, Dictionary<string, object?> Attributes)> _records = [];

    public IReadOnlyList<(string? EventName, Dictionary<string, object?> Attributes)> Records
    {
        get
        {
            lock (_records)
            {
                return [.. _records];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var attributes = new Dictionary<string, object?>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    attributes[key] = value;
                }
            }

            lock (provider._records)
            {
                provider._records.Add((eventId.Name, attributes));
            }
        }
    }
}
