namespace Vexil.Server.Flags;

/// <summary>A stored flag's columns (the shared row and one environment's targeting row), each JSON column a member of the native flag object.</summary>
internal sealed record FlagColumns(
    string Key,
    string Type,
    string? Description,
    string Tags,
    string Lifetime,
    string Variations,
    long Version,
    bool Enabled,
    string? OffVariation,
    string? Salt,
    string Prerequisites,
    string Targets,
    string Rules,
    string Fallthrough,
    string? Extra = null);
