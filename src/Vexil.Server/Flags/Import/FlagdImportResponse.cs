namespace Vexil.Server.Flags.Import;

/// <summary>
/// The answer to a flagd import: the flags created, updated and left unchanged, those skipped (only with
/// <c>partial=true</c>), and the environment's version after the import (what it would be, on a dry run).
/// </summary>
internal sealed record FlagdImportResponse(
    bool DryRun,
    string Environment,
    long Version,
    IReadOnlyList<string> Created,
    IReadOnlyList<string> Updated,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Skipped,
    IReadOnlyDictionary<string, long> Versions);
