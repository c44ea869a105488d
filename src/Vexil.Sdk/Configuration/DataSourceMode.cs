namespace Vexil.Sdk.Configuration;

/// <summary>How a <see cref="VexilClient"/> keeps its rules current when it talks to a server.</summary>
public enum DataSourceMode
{
    /// <summary>Server-Sent Events from <c>/sdk/v1/stream</c>, falling back to polling after repeated stream failures.</summary>
    Streaming,

    /// <summary>Polling <c>/sdk/v1/ruleset</c> with <c>If-None-Match</c>.</summary>
    Polling,
}
