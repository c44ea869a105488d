using System.Buffers;
using System.Text.Json;
using Vexil.Core.Serialization;
using Vexil.Server.Changes;
using Vexil.Server.Flags;
using Vexil.Server.Flags.Api;
using Vexil.Server.Segments;
using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

internal static partial class ChangeJson
{
    /// <summary>Every change type a change request or a schedule may hold.</summary>
    public static readonly IReadOnlyList<string> Types =
    [
        "createFlag", "updateFlag", "deleteFlag", "archiveFlag", "configureFlag", "toggleFlag", "promoteFlag", "rollbackFlag", "putFlag",
        "createSegment", "updateSegment", "deleteSegment", "putSegment", "createEnvironment", "renameProject", "archiveProject", "renameEnvironment", "archiveEnvironment", "reorderEnvironments",
    ];

    /// <summary>Reads a JSON array of changes; every error is reported with its path under <paramref name="path"/>.</summary>
    public static (IReadOnlyList<Change>? Changes, IReadOnlyList<ValidationError> Errors) ReadAll(JsonElement array, string path = "changes")
    {
        var errors = new List<ValidationError>();
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            return (null, [new ValidationError(path, "must be an array of one or more changes")]);
        }

        var changes = new List<Change>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var change = Read(item, $"{path}[{i++}]", errors);
            if (change is not null)
            {
                changes.Add(change);
            }
        }

        return errors.Count == 0 ? (changes, []) : (null, errors);
    }

    /// <summary>Reads changes the control plane stored itself.</summary>
    public static IReadOnlyList<Change> ReadStored(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (changes, errors) = ReadAll(document.RootElement);
        return changes ?? throw new InvalidDataException($"A stored change set is not valid: {string.Join("; ", errors)}");
    }

    private static Change? Read(JsonElement item, string path, List<ValidationError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(path, "must be an object with a 'type'"));
            return null;
        }

        var o = new Reader(item, path, errors);
        var type = o.String("type");
        Change? change = type switch
        {
            "createFlag" => o.Spec() is { } spec ? new CreateFlag(spec, o.TargetingMap(spec.Key, required: false)) : null,
            "updateFlag" => o.Spec() is { } spec ? new UpdateFlag(spec, o.IfMatch()) : null,
            "deleteFlag" => new DeleteFlag(o.Key("flag"), o.IfMatch()),
            "archiveFlag" => new ArchiveFlag(o.Key("flag"), o.Boolean("archived"), o.IfMatch()),
            "configureFlag" => o.Key("flag") is var flag ? new ConfigureFlag(o.Key("environment"), flag, o.Targeting(flag) ?? FlagTargeting.Off, o.IfMatch()) : null,
            "toggleFlag" => new ToggleFlag(o.Key("environment"), o.Key("flag"), o.Boolean("enabled"), o.IfMatch()),
            "promoteFlag" => new PromoteFlag(o.Key("flag"), o.Key("from"), o.Key("to"), o.IfMatch()),
            "rollbackFlag" => new RollbackFlag(o.Key("environment"), o.Key("flag"), o.Long("toVersion"), o.IfMatch()),
            "putFlag" => o.Spec() is { } spec ? new PutFlag(spec, o.TargetingMap(spec.Key, required: true) ?? new Dictionary<string, FlagTargeting>(), o.Boolean("keepName", required: false)) : null,
            "createSegment" => o.Segment() is { } segment ? new CreateSegment(o.Key("environment"), segment) : null,
            "updateSegment" => o.Segment() is { } segment ? new UpdateSegment(o.Key("environment"), segment, o.IfMatch()) : null,
            "deleteSegment" => new DeleteSegment(o.Key("environment"), o.Key("segment"), o.IfMatch()),
            "putSegment" => o.Segment() is { } segment ? new PutSegment(o.Key("environment"), segment) : null,
            "createEnvironment" => new CreateEnvironment(o.Key("key"), o.Text("name")),
            "renameProject" => new RenameProject(o.Text("name"), o.IfMatch()),
            "archiveProject" => new ArchiveProject(o.Boolean("archived"), o.IfMatch()),
            "renameEnvironment" => new RenameEnvironment(o.Key("key"), o.Text("name"), o.IfMatch()),
            "archiveEnvironment" => new ArchiveEnvironment(o.Key("key"), o.Boolean("archived"), o.IfMatch()),
            "reorderEnvironments" => new ReorderEnvironments(o.Keys("keys")),
            null => null,
            _ => o.Fail("type", $"unknown change type '{type}': use one of {string.Join(", ", Types)}"),
        };
        if (item.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String && change is not null)
        {
            change = change with { Path = p.GetString()! };
        }

        return o.Failed ? null : change;
    }

    /// <summary>Reads the members of one change object, collecting errors with their paths.</summary>
    private sealed class Reader(JsonElement item, string path, List<ValidationError> errors)
    {
        private readonly int _before = errors.Count;

        public bool Failed => errors.Count > _before;

        public Change? Fail(string member, string message)
        {
            errors.Add(new ValidationError(At(member), message));
            return null;
        }

        private string At(string member) => $"{path}.{member}";

        public string? String(string member)
        {
            if (item.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }

            Fail(member, "is required (a string)");
            return null;
        }

        public string Key(string member)
        {
            var value = String(member);
            if (value is not null)
            {
                var check = new ValidationErrors();
                check.RequireKey(At(member), value);
                foreach (var (p, messages) in check.ToDictionary())
                {
                    errors.AddRange(messages.Select(m => new ValidationError(p, m)));
                }
            }

            return value ?? string.Empty;
        }

        public string Text(string member)
        {
            var value = String(member);
            if (value is not null && (string.IsNullOrWhiteSpace(value) || value.Length > 200))
            {
                Fail(member, "must be 1 to 200 characters");
            }

            return value ?? string.Empty;
        }

        public bool Boolean(string member, bool required = true)
        {
            if (item.TryGetProperty(member, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return value.GetBoolean();
            }

            if (required || item.TryGetProperty(member, out _))
            {
                Fail(member, "must be true or false");
            }

            return false;
        }

        public IReadOnlyList<string> Keys(string member)
        {
            if (!item.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
            {
                Fail(member, "is required (an array of keys)");
                return [];
            }

            var keys = new List<string>(value.GetArrayLength());
            foreach (var element in value.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String)
                {
                    Fail(member, "must hold only keys (strings)");
                    return [];
                }

                keys.Add(element.GetString()!);
            }

            return keys;
        }

        public long Long(string member)
        {
            if (item.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 1)
            {
                return number;
            }

            Fail(member, "must be a whole number of 1 or more");
            return 0;
        }

        public Precondition IfMatch()
        {
            if (!item.TryGetProperty("ifMatch", out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return Precondition.None;
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                Fail("ifMatch", "must be an ETag (a string) or absent");
                return Precondition.None;
            }

            return new Precondition(value.GetString());
        }

        public FlagSpec? Spec()
        {
            if (!item.TryGetProperty("flag", out var value) || value.ValueKind != JsonValueKind.Object)
            {
                Fail("flag", "is required: the flag's definition (key, type, name, variations, …)");
                return null;
            }

            FlagDefinitionRequest? body;
            try
            {
                body = value.Deserialize<FlagDefinitionRequest>(ApiJson.Requests);
            }
            catch (JsonException e)
            {
                Fail("flag", $"is not a flag definition: {e.Message}");
                return null;
            }

            var check = FlagRequestValidation.Check(body!, null);
            var (spec, invalid) = check.IsEmpty ? FlagRequestValidation.ToSpec(body!, null) : (null, check);
            foreach (var (p, messages) in invalid.ToDictionary())
            {
                errors.AddRange(messages.Select(m => new ValidationError(p.Length == 0 ? At("flag") : $"{At("flag")}.{p}", m)));
            }

            return spec;
        }

        public IReadOnlyDictionary<string, FlagTargeting>? TargetingMap(string flag, bool required)
        {
            if (!item.TryGetProperty("targeting", out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Fail("targeting", "is required: an object of targeting by environment");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                Fail("targeting", "must be an object of targeting by environment");
                return null;
            }

            var map = new Dictionary<string, FlagTargeting>(StringComparer.Ordinal);
            foreach (var environment in value.EnumerateObject())
            {
                if (ReadTargeting(flag, environment.Value, $"{At("targeting")}.{environment.Name}") is { } targeting)
                {
                    map[environment.Name] = targeting;
                }
            }

            return map;
        }

        public FlagTargeting? Targeting(string flag)
        {
            if (!item.TryGetProperty("targeting", out var value))
            {
                Fail("targeting", "is required: the flag's targeting in the environment (enabled, rules, fallthrough, …)");
                return null;
            }

            return ReadTargeting(flag, value, At("targeting"));
        }

        private FlagTargeting? ReadTargeting(string flag, JsonElement value, string at)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ValidationError(at, "must be an object (enabled, offVariation, targets, rules, fallthrough, …)"));
                return null;
            }

            var buffer = new ArrayBufferWriter<byte>(512);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("key", flag.Length == 0 ? "x" : flag);
                w.WriteString("type", "boolean");
                w.WriteStartArray("variations");
                w.WriteEndArray();
                foreach (var member in value.EnumerateObject())
                {
                    if (SpecMembers.Contains(member.Name))
                    {
                        errors.Add(new ValidationError($"{at}.{member.Name}", "belongs to the flag's definition, not its targeting"));
                        continue;
                    }

                    member.WriteTo(w);
                }

                w.WriteEndObject();
            }

            using var document = JsonDocument.Parse(buffer.WrittenMemory);
            var (read, found) = RulesetJson.ReadFlag(document.RootElement);
            errors.AddRange(found.Select(e => e with { Path = e.Path.Length == 0 ? at : $"{at}.{e.Path}" }));
            return read is null ? null : FlagTargeting.From(read);
        }

        public Core.Model.SegmentDefinition? Segment()
        {
            if (!item.TryGetProperty("segment", out var value) || value.ValueKind != JsonValueKind.Object)
            {
                Fail("segment", "is required: the segment (key, included, excluded, rules, …)");
                return null;
            }

            var (segment, found) = SegmentJson.Read(JsonSerializer.SerializeToUtf8Bytes(value));
            errors.AddRange(found.Select(e => e with { Path = e.Path.Length == 0 ? At("segment") : $"{At("segment")}.{e.Path}" }));
            return segment;
        }
    }
}
