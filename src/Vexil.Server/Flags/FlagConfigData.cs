using System.Text.Json;

namespace Vexil.Server.Flags;

/// <summary>The part of a flag that each environment configures on its own.</summary>
internal sealed record FlagConfigData(
    bool Enabled,
    string? OffVariation,
    string? Salt,
    JsonElement Prerequisites,
    JsonElement Targets,
    JsonElement Rules,
    JsonElement Fallthrough,
    bool ContextKinds = false);
