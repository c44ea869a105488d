namespace Vexil.Server.Flags.Import;

/// <summary>One flag to import: its definition (the name and lifetime of an existing flag are kept) and its configuration in the target environment.</summary>
internal sealed record ImportedFlag(FlagDefinitionData Definition, FlagConfigData Config);
