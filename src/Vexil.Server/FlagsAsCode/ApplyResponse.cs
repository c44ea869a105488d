namespace Vexil.Server.FlagsAsCode;

/// <summary>
/// What applying a flags file did (or, on a dry run, would do) to each flag, segment, webhook and setting of the file —
/// <c>create</c>, <c>update</c> (with the fields that differed), <c>remove</c> (a setting set to null) or
/// <c>unchanged</c> — and the environment's version after it. Sections the file left out are empty.
/// </summary>
internal sealed record ApplyResponse(
    bool DryRun,
    string Environment,
    long Version,
    IReadOnlyList<ApplyItem> Flags,
    IReadOnlyList<ApplyItem> Segments,
    IReadOnlyDictionary<string, long> Versions,
    IReadOnlyList<ApplyWebhookItem> Webhooks,
    IReadOnlyList<ApplySettingItem> Settings);
