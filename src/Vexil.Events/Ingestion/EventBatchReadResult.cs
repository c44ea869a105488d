namespace Vexil.Events.Ingestion;

/// <summary>A validated batch, or every reason it was refused.</summary>
internal readonly record struct EventBatchReadResult(EventBatch? Batch, IReadOnlyList<EventValidationError> Errors)
{
    public bool IsValid => Batch is not null;
}
