namespace Vexil.Server.Dashboard.Flags;

/// <summary>
/// A change shown before it is made (a promotion, a rollback): what it would change, in sentences, and the form that
/// makes it. <see cref="Fields"/> are the form's hidden fields (including the version it was previewed against, so a
/// change made since refuses the write instead of applying something not previewed).
/// </summary>
internal sealed record ChangePreviewModel(
    string Title,
    string Intro,
    IReadOnlyList<string> Sentences,
    string Action,
    IReadOnlyDictionary<string, string> Fields,
    string Button,
    string Back,
    IReadOnlyList<string> Errors);
