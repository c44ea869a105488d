namespace Vexil.Server.Flags.Import;

/// <summary>
/// The answer to an import from LaunchDarkly or Unleash: the flags created, updated and left unchanged, those skipped
/// (only with <c>partial=true</c>), the segments written (created, updated or already identical), and the
/// environment's version after the import (what it would be, on a dry run).
/// </summary>
internal sealed record VendorImportResponse(
    bool DryRun,
    string Environment,
    long Version,
    IReadOnlyList<string> Created,
    IReadOnlyList<string> Updated,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Segments,
    IReadOnlyDictionary<string, long> Versions);
