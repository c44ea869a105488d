using System.Text.Json;

namespace Vexil.Server.Changes;

/// <summary>
/// The state one object a change set reads or writes was in when the set was proposed: its ETag (null when it did not
/// exist) and its JSON as the audit log shows it. A change set that carries bases is recorded only if every object is
/// still at its base, checked in the recording transaction before anything is written.
/// </summary>
internal sealed record ChangeBase(ChangeBaseKind Kind, string? Environment, string Key, string? ETag, JsonElement? State)
{
    /// <summary>True when both name the same object.</summary>
    public bool SameObject(ChangeBase other) => Kind == other.Kind && Environment == other.Environment && Key == other.Key;

    /// <summary>The object in words: <c>flag 'x'</c>, <c>flag 'x' in production</c>, <c>segment 's' in staging</c>.</summary>
    public string Describe() => Kind switch
    {
        ChangeBaseKind.Flag => $"flag '{Key}'",
        ChangeBaseKind.Targeting => $"flag '{Key}' in {Environment}",
        ChangeBaseKind.Segment => $"segment '{Key}' in {Environment}",
        ChangeBaseKind.Environment => $"environment '{Key}'",
        _ => $"project '{Key}'",
    };
}
