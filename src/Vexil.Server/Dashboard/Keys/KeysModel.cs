using Vexil.Server.Auth;

namespace Vexil.Server.Dashboard.Keys;

/// <summary>The SDK keys of an environment, a secret just made (shown once), and the new-key form as typed after an error.</summary>
internal sealed record KeysModel(IReadOnlyList<SdkKeyState> Keys, DateTimeOffset Now, string? Secret, string? Message)
{
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The refused form (new key, or a key's origins), shown again as typed.</summary>
    public IFormCollection? Posted { get; init; }

    /// <summary>What the refused form held in <paramref name="field"/>, when it was the form of <paramref name="form"/> (<c>new</c> or a key's id).</summary>
    public string? Typed(string form, string field) => Posted is { } f && f["form"] == form ? f[field].ToString() : null;
}
