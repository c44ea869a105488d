namespace Vexil.Events.Ingestion;

/// <summary>The answer to one batch.</summary>
public sealed record IngestResult
{
    private static readonly EventValidationError[] NoErrors = [];

    private IngestResult(IngestStatus status, string? batchId, IReadOnlyList<EventValidationError> errors)
    {
        Status = status;
        BatchId = batchId;
        Errors = errors;
    }

    /// <summary>What happened.</summary>
    public IngestStatus Status { get; }

    /// <summary>The batch id, when the body had a readable one.</summary>
    public string? BatchId { get; }

    /// <summary>Every validation error (status <see cref="IngestStatus.Invalid"/> or <see cref="IngestStatus.TooLarge"/>).</summary>
    public IReadOnlyList<EventValidationError> Errors { get; }

    /// <summary>Items (summaries plus exposures) in an accepted batch.</summary>
    public int ItemCount { get; private init; }

    internal static IngestResult Accepted(string batchId, int itemCount) => new(IngestStatus.Accepted, batchId, NoErrors) { ItemCount = itemCount };

    internal static IngestResult Invalid(IReadOnlyList<EventValidationError> errors) => new(IngestStatus.Invalid, null, errors);

    internal static IngestResult TooLarge(string message) => new(IngestStatus.TooLarge, null, [new EventValidationError("", message)]);

    internal static IngestResult Unavailable(string batchId) => new(IngestStatus.Unavailable, batchId, NoErrors);
}
