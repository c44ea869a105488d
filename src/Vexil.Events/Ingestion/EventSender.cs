namespace Vexil.Events.Ingestion;

/// <summary>Who sends a batch, which decides what it may report (docs/events.md, "What a sender may claim").</summary>
public enum EventSender
{
    /// <summary>A holder of a secret key (an SDK with a server key, an edge forwarding): summaries and exposures.</summary>
    Server,

    /// <summary>
    /// A holder of a public key (a client key ships inside browser and mobile apps, so anyone may forge what it sends):
    /// exposures only. Its evaluations are counted by the server that answered them (OFREP, <c>/sdk/v1/evaluate</c>).
    /// </summary>
    Client,
}
