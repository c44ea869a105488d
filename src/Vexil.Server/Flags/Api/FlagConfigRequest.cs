using System.Text.Json;

namespace Vexil.Server.Flags.Api;

/// <summary>A flag's whole configuration in one environment (native format fields).</summary>
internal sealed record FlagConfigRequest(
    bool? Enabled,
    string? OffVariation,
    string? Salt,
    JsonElement? Prerequisites,
    JsonElement? Targets,
    JsonElement? Rules,
    JsonElement? Fallthrough,
    bool? ContextKinds = null);
