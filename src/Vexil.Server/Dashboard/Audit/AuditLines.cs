using System.Globalization;
using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using Vexil.Server.Audit;

namespace Vexil.Server.Dashboard.Audit;

/// <summary>An audit entry as the dashboard shows it: sentences for a flag's versions, its changed fields for the rest.</summary>
internal static class AuditLines
{
    /// <summary>The changed fields; a weight (0.001% units) reads as a percentage.</summary>
    public static IReadOnlyList<(string Path, string? Before, string? After)> Of(AuditEntry entry) =>
        [.. (entry.Changes ?? AuditChanges.Compare(entry.Before, entry.After)).Select(c => (c.Path, Value(c.Path, c.Before), Value(c.Path, c.After)))];

    /// <summary>
    /// What happened to a flag, in sentences ("turned on", "rule 2: rollout 50% blue, 50% green (was serve blue)"), when
    /// the entry holds a flag's versions; null for anything else (its fields are shown instead).
    /// </summary>
    public static IReadOnlyList<string>? Sentences(AuditEntry entry)
    {
        var before = Flag(entry.Before);
        var after = Flag(entry.After);
        return (before, after) switch
        {
            ({ } b, { } a) => FlagSentences.Compare(b, a),
            (null, { } a) when entry.Before is null => [$"created: {FlagSentences.Describe(a)}"],
            ({ } b, null) when entry.After is null => [$"deleted (was {FlagSentences.Describe(b)})"],
            _ => null,
        };
    }

    private static FlagDefinition? Flag(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e || !e.TryGetProperty("fallthrough", out _))
        {
            return null;
        }

        try
        {
            return RulesetJson.ReadFlag(e).Flag;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Value(string path, string? value) =>
        value is not null && (path.EndsWith(".weight", StringComparison.Ordinal) || path == "weight")
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var weight)
            ? FlagSentences.Percent(weight)
            : value;
}
