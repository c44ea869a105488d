using System.Globalization;
using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Delivery.Changes;

/// <summary>
/// Reads a change event's data as strictly as Core reads a ruleset: the text is checked once (Unicode, numbers), the
/// event's own fields here, and every upserted flag and segment by Core's reader, its errors placed under the item's
/// path. Work and allocation grow with the event, never with the ruleset it applies to.
/// </summary>
internal static class ChangeEventReader
{
    // One level deeper than a ruleset document: flags sit at flags.upsert[i] instead of flags[i].
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = RulesetLimits.MaxDepth + 1 };

    public static ChangeEventReadResult Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > RulesetLimits.MaxDocumentBytes)
        {
            return Failed(string.Empty, $"the event is {utf8Json.Length} bytes; at most {RulesetLimits.MaxDocumentBytes} are allowed");
        }

        if (JsonUnicode.TryFindInvalidText(utf8Json, out var invalid))
        {
            return Failed(invalid, JsonUnicode.Problem);
        }

        if (JsonNumbers.TryFindNonFinite(utf8Json, out var outOfRange))
        {
            return Failed(outOfRange, JsonNumbers.Problem);
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                return Failed(string.Empty, "unexpected content after the JSON document");
            }
        }
        catch (JsonException e)
        {
            return Failed(string.Empty, $"malformed JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}");
        }

        using (document)
        {
            return ReadRoot(document.RootElement);
        }
    }

    private static ChangeEventReadResult ReadRoot(JsonElement root)
    {
        var errors = new List<ValidationError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Failed(string.Empty, "a change event must be a JSON object");
        }

        long? version = null;
        DateTimeOffset? committedAt = null;
        var flags = new Section<FlagDefinition>();
        var segments = new Section<SegmentDefinition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                errors.Add(new ValidationError(property.Name, "duplicate field"));
                continue;
            }

            switch (property.Name)
            {
                case "version":
                    version = property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var v) && v >= 1 ? v : null;
                    if (version is null)
                    {
                        errors.Add(new ValidationError("version", "must be a whole number of at least 1"));
                    }

                    break;
                case "committedAt":
                    committedAt = ReadTime(property.Value, errors);
                    break;
                case "flags":
                    flags = ReadSection(property.Value, "flags", RulesetJson.ReadFlag, errors);
                    break;
                case "segments":
                    segments = ReadSection(property.Value, "segments", RulesetJson.ReadSegment, errors);
                    break;
                default:
                    errors.Add(new ValidationError(property.Name, "unknown field"));
                    break;
            }
        }

        if (!seen.Contains("version"))
        {
            errors.Add(new ValidationError("version", "is required"));
        }

        if (errors.Count > 0)
        {
            return new ChangeEventReadResult(null, errors);
        }

        var change = new RulesetChange(version!.Value, flags.Upserts, flags.Deletes, segments.Upserts, segments.Deletes);
        return new ChangeEventReadResult(new ChangeEvent(change, committedAt), []);
    }

    private static DateTimeOffset? ReadTime(JsonElement value, List<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
        {
            return at;
        }

        errors.Add(new ValidationError("committedAt", "must be an ISO 8601 date and time"));
        return null;
    }

    private static Section<T> ReadSection<T>(JsonElement value, string name, Func<JsonElement, (T?, IReadOnlyList<ValidationError>)> read, List<ValidationError> errors)
        where T : class
    {
        var section = new Section<T>();
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(name, "must be an object with \"upsert\" and \"delete\""));
            return section;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var path = name + "." + property.Name;
            if (!seen.Add(property.Name))
            {
                errors.Add(new ValidationError(path, "duplicate field"));
            }
            else if (property.Name == "upsert" && IsArray(property.Value, path, errors))
            {
                var i = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    var (definition, itemErrors) = read(item);
                    var at = Index(path, i++);
                    foreach (var error in itemErrors)
                    {
                        errors.Add(error with { Path = Under(at, error.Path) });
                    }

                    if (definition is not null)
                    {
                        section.Upserts.Add(definition);
                    }
                }
            }
            else if (property.Name == "delete" && IsArray(property.Value, path, errors))
            {
                var i = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } key)
                    {
                        section.Deletes.Add(key);
                    }
                    else
                    {
                        errors.Add(new ValidationError(Index(path, i), "must be a key (a non-empty string)"));
                    }

                    i++;
                }
            }
            else if (property.Name is not ("upsert" or "delete"))
            {
                errors.Add(new ValidationError(path, "unknown field"));
            }
        }

        return section;
    }

    private static bool IsArray(JsonElement value, string path, List<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return true;
        }

        errors.Add(new ValidationError(path, "must be an array"));
        return false;
    }

    private static string Index(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    private static string Under(string at, string path) => path.Length == 0 ? at : path[0] == '[' ? at + path : at + "." + path;

    private static ChangeEventReadResult Failed(string path, string message) => new(null, [new ValidationError(path, message)]);

    private sealed class Section<T>
    {
        public List<T> Upserts { get; } = [];

        public List<string> Deletes { get; } = [];
    }
}
