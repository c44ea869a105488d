namespace Vexil.Events.Ingestion;

/// <summary>One validated <c>POST /events/v1/bulk</c> body.</summary>
internal sealed record EventBatch(string Id, string? Sdk, EvaluationSummary[] Summaries, ExposureEvent[] Exposures)
{
    /// <summary>Summaries plus exposures.</summary>
    public int ItemCount => Summaries.Length + Exposures.Length;
}
