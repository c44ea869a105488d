namespace Vexil.Hosting.Observability;

/// <summary>The tags of Vexil's health checks.</summary>
internal static class HealthTags
{
    /// <summary>Checks that <c>/health/ready</c> runs: what must hold for this process to be given traffic.</summary>
    public const string Ready = "ready";
}
