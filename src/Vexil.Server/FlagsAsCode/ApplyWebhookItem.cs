namespace Vexil.Server.FlagsAsCode;

/// <summary>
/// One webhook of an applied file, by name; <c>secret</c> is the signing secret Vexil made for a webhook the file
/// created without one — shown this once, never on a dry run (nothing was created).
/// </summary>
internal sealed record ApplyWebhookItem(string Key, string Change, IReadOnlyList<string> Fields, string? Id, string? Secret = null);
