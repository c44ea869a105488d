namespace Vexil.Server.Flags;

/// <summary>The kill switch: on or off, nothing else changes.</summary>
internal sealed record ToggleRequest(bool? Enabled);
