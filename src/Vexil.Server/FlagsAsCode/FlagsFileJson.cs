using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Runtime.InteropServices;
using Vexil.Core.Serialization;
using Vexil.Server.Flags;
using Vexil.Server.Segments;

namespace Vexil.Server.FlagsAsCode;

/// <summary>
/// Reads and writes flags files through Core's reader and writer: each flag object is a native flag object plus
/// <c>name</c> and <c>expectedLifetimeDays</c> (taken out before Core reads it), so every error carries its path in
/// the file (<c>flags[3].rules[0].serve</c>).
/// </summary>
internal static class FlagsFileJson
{
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true, IndentSize = 2 };

    public static (FlagsFile? File, IReadOnlyList<ValidationError> Errors) Read(JsonElement root)
    {
        var errors = new List<ValidationError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [new ValidationError(string.Empty, "a flags file is a JSON object: {\"formatVersion\": 1, \"flags\": [...], \"segments\": [...]}")]);
        }

        // Text that is not Unicode (a lone surrogate escape) or a number no double holds is refused here, with its
        // path, for every caller: reading such a string throws (found by RequestBodyFuzzTests).
        var raw = JsonMarshal.GetRawUtf8Value(root);
        if (JsonUnicode.TryFindInvalidText(raw, out var invalid))
        {
            return (null, [new ValidationError(invalid, JsonUnicode.Problem)]);
        }

        if (JsonNumbers.TryFindNonFinite(raw, out invalid))
        {
            return (null, [new ValidationError(invalid, JsonNumbers.Problem)]);
        }

        if (!root.TryGetProperty("formatVersion", out var format) || format.ValueKind != JsonValueKind.Number || !format.TryGetInt32(out var version) || version != FlagsFile.FormatVersion)
        {
            errors.Add(new ValidationError("formatVersion", $"must be {FlagsFile.FormatVersion}"));
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("formatVersion" or "project" or "environment" or "flags" or "segments" or "webhooks" or "settings" or "$schema"))
            {
                errors.Add(new ValidationError(property.Name, "is not a field of a flags file"));
            }
            else if (property.Name == "$schema" && property.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(new ValidationError(property.Name, "must be the schema's address (a string)"));
            }
        }

        var flags = new List<FlagsFileFlag>();
        var keys = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (element, i) in Items(root, "flags", errors))
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"flags[{i}]");
            var flag = ReadFlag(element, path, errors);
            if (flag is null)
            {
                continue;
            }

            if (keys.TryGetValue(flag.Spec.Key, out var first))
            {
                errors.Add(new ValidationError(path + ".key", string.Create(CultureInfo.InvariantCulture, $"the key '{flag.Spec.Key}' is already used by flags[{first}] (keys may not differ only in case)")));
                continue;
            }

            keys[flag.Spec.Key] = i;
            flags.Add(flag);
        }

        var segments = new List<Core.Model.SegmentDefinition>();
        var segmentKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (element, i) in Items(root, "segments", errors))
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"segments[{i}]");
            var (segment, found) = SegmentJson.Read(JsonSerializer.SerializeToUtf8Bytes(element));
            errors.AddRange(found.Select(e => e with { Path = Join(path, e.Path) }));
            if (segment is not null && !segmentKeys.Add(segment.Key))
            {
                errors.Add(new ValidationError(path + ".key", $"the key '{segment.Key}' appears twice"));
            }
            else if (segment is not null)
            {
                segments.Add(segment);
            }
        }

        var webhooks = FlagsFileSectionsJson.ReadWebhooks(root, errors);
        var settings = FlagsFileSectionsJson.ReadSettings(root, errors);
        return errors.Count > 0
            ? (null, errors)
            : (new FlagsFile(Text(root, "project"), Text(root, "environment"), flags, segments, webhooks, settings), []);
    }

    public static byte[] Write(FlagsFile file)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var w = new Utf8JsonWriter(buffer, Indented))
        {
            w.WriteStartObject();
            w.WriteNumber("formatVersion", FlagsFile.FormatVersion);
            if (file.Project is not null)
            {
                w.WriteString("project", file.Project);
            }

            if (file.Environment is not null)
            {
                w.WriteString("environment", file.Environment);
            }

            w.WriteStartArray("flags");
            foreach (var flag in file.Flags)
            {
                using var native = JsonDocument.Parse(FlagJson.Write(flag.Spec.With(flag.Targeting, 0)));
                w.WriteStartObject();
                foreach (var property in native.RootElement.EnumerateObject())
                {
                    if (property.Name == "version")
                    {
                        continue;
                    }

                    property.WriteTo(w);
                    if (property.Name == "key")
                    {
                        w.WriteString("name", flag.Spec.Name);
                        if (flag.Spec.ExpectedLifetimeDays is { } days)
                        {
                            w.WriteNumber("expectedLifetimeDays", days);
                        }
                    }
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("segments");
            foreach (var segment in file.Segments)
            {
                using var native = JsonDocument.Parse(SegmentJson.Write(segment));
                w.WriteStartObject();
                foreach (var property in native.RootElement.EnumerateObject())
                {
                    if (property.Name != "version")
                    {
                        property.WriteTo(w);
                    }
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            FlagsFileSectionsJson.Write(w, file);
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static FlagsFileFlag? ReadFlag(JsonElement element, string path, List<ValidationError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(path, "must be a flag object"));
            return null;
        }

        string? name = null;
        int? expected = null;
        var before = errors.Count;
        var native = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(native))
        {
            w.WriteStartObject();
            foreach (var property in element.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "name" when property.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(property.Value.GetString()):
                        name = property.Value.GetString();
                        break;
                    case "name":
                        errors.Add(new ValidationError(path + ".name", "must be a non-empty string"));
                        break;
                    case "expectedLifetimeDays" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var days) && days is >= 1 and <= 3650:
                        expected = days;
                        break;
                    case "expectedLifetimeDays":
                        errors.Add(new ValidationError(path + ".expectedLifetimeDays", "must be a whole number of days from 1 to 3650"));
                        break;
                    default:
                        property.WriteTo(w);
                        break;
                }
            }

            w.WriteEndObject();
        }

        using var document = JsonDocument.Parse(native.WrittenMemory);
        var (flag, found) = RulesetJson.ReadFlag(document.RootElement);
        errors.AddRange(found.Select(e => e with { Path = Join(path, e.Path) }));
        if (flag is null || errors.Count != before)
        {
            return null;
        }

        return new FlagsFileFlag(FlagSpec.From(flag, name ?? flag.Key, expected), FlagTargeting.From(flag));
    }

    private static IEnumerable<(JsonElement Element, int Index)> Items(JsonElement root, string name, List<ValidationError> errors)
    {
        if (!root.TryGetProperty(name, out var array))
        {
            yield break;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError(name, "must be an array"));
            yield break;
        }

        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            yield return (item, i++);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Join(string prefix, string path) =>
        path.Length == 0 ? prefix : path[0] == '[' ? prefix + path : $"{prefix}.{path}";
}
