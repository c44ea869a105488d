namespace Vexil.Events.Ingestion;

/// <summary>The entry point for <c>POST /events/v1/bulk</c>: validate a batch and durably enqueue it.</summary>
public interface IEventIngestor
{
    /// <summary>Validates <paramref name="body"/> and, when valid, enqueues it for <paramref name="environment"/>.</summary>
    /// <param name="environment">The environment the sender's key belongs to (the aggregates are kept per environment).</param>
    /// <param name="body">The request body, UTF-8 JSON.</param>
    /// <param name="sender">Who sends it: a client (public) key may report exposures only.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    Task<IngestResult> IngestAsync(string environment, ReadOnlyMemory<byte> body, EventSender sender, CancellationToken cancellationToken);

    /// <summary>Reads at most the configured body limit from <paramref name="body"/>, then ingests it as above.</summary>
    Task<IngestResult> IngestAsync(string environment, Stream body, EventSender sender, CancellationToken cancellationToken);
}
