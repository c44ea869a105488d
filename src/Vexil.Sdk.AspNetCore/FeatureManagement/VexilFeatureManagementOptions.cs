namespace Vexil.Sdk.AspNetCore.FeatureManagement;

/// <summary>How Vexil serves Microsoft.FeatureManagement.</summary>
public sealed record VexilFeatureManagementOptions
{
    /// <summary>
    /// Publish Microsoft.FeatureManagement's telemetry (its <c>TelemetryEnabled</c>): every feature's definition says
    /// telemetry is on, so its evaluations — and Vexil's variant evaluations — become <c>FeatureFlag</c> events on the
    /// current activity. Off by default.
    /// </summary>
    public bool TelemetryEnabled { get; set; }
}
