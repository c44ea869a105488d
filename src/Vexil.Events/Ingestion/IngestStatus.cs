namespace Vexil.Events.Ingestion;

/// <summary>The outcome of one ingestion, mapped one to one onto HTTP statuses.</summary>
public enum IngestStatus
{
    /// <summary>Durably enqueued (<c>202 Accepted</c>), or already enqueued earlier under the same id.</summary>
    Accepted,

    /// <summary>Refused whole, nothing kept (<c>400</c> with every error).</summary>
    Invalid,

    /// <summary>Body over the size limit (<c>413</c>).</summary>
    TooLarge,

    /// <summary>The bus could not make the batch durable in time (<c>503</c> with <c>Retry-After</c>); the sender retries.</summary>
    Unavailable,
}
