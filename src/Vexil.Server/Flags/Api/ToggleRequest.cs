namespace Vexil.Server.Flags.Api;

/// <summary>The kill switch: on or off, nothing else changes.</summary>
internal sealed record ToggleRequest(bool? Enabled);
