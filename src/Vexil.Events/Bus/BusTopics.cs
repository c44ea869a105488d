namespace Vexil.Events.Bus;

/// <summary>The topics the pipeline uses.</summary>
internal static class BusTopics
{
    /// <summary>Accepted event batches.</summary>
    public const string Events = "batches";
}
