namespace Vexil.Server.FlagsAsCode;

/// <summary>
/// What applying a flags file did (or, on a dry run, would do) to each flag and segment of the file — <c>create</c>,
/// <c>update</c> (with the fields that differed) or <c>unchanged</c> — and the environment's version after it.
/// </summary>
internal sealed record ApplyResponse(
    bool DryRun,
    string Environment,
    long Version,
    IReadOnlyList<ApplyItem> Flags,
    IReadOnlyList<ApplyItem> Segments,
    IReadOnlyDictionary<string, long> Versions);

/// <summary>One flag or segment of an applied file.</summary>
internal sealed record ApplyItem(string Key, string Change, IReadOnlyList<string> Fields);
