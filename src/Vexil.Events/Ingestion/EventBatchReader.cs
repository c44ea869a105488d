using System.Runtime.InteropServices;
using System.Text.Json;
using Vexil.Core.Serialization;

namespace Vexil.Events.Ingestion;

/// <summary>
/// Reads and validates a <c>POST /events/v1/bulk</c> body, collecting every error with its JSON path. Unknown fields are
/// ignored so that newer senders can add some; every known field is checked strictly.
/// </summary>
internal static class EventBatchReader
{
    internal const int MaxIdLength = 128;
    internal const int MaxNameLength = 256;
    internal const int MaxTargetingKeyLength = 1024;
    private const int MaxErrors = 100;

    /// <summary>Marks a summary's <c>"variation": null</c> while reading (a string no sender can produce: it is compared by reference).</summary>
    private static readonly string DefaultServed = new('\0', 1);

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>Reads <paramref name="utf8Json"/>, holding at most <paramref name="maxItems"/> summaries plus exposures.</summary>
    public static EventBatchReadResult Read(ReadOnlyMemory<byte> utf8Json, int maxItems) => Read(utf8Json, EventBatchLimits.ItemsOnly(maxItems));

    /// <summary>Reads <paramref name="utf8Json"/> within <paramref name="limits"/>.</summary>
    public static EventBatchReadResult Read(ReadOnlyMemory<byte> utf8Json, EventBatchLimits limits)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return Fail(new EventValidationError("", $"not valid JSON ({ex.Message})"));
        }

        using (document)
        {
            // Reading a string that is not Unicode throws; a batch holding one anywhere, unknown fields included, is refused whole.
            // So is one holding a number no double holds (1e999), which the bus would carry on to other readers as is.
            return JsonUnicode.TryFindInvalidText(utf8Json.Span, out var path) ? Fail(new EventValidationError(path, JsonUnicode.Problem))
                : JsonNumbers.TryFindNonFinite(utf8Json.Span, out path) ? Fail(new EventValidationError(path, JsonNumbers.Problem))
                : Read(document.RootElement, limits);
        }
    }

    /// <summary>Reads a batch already parsed into <paramref name="root"/>, checking only the item count.</summary>
    public static EventBatchReadResult Read(JsonElement root, int maxItems) => Read(root, EventBatchLimits.ItemsOnly(maxItems));

    /// <summary>Reads a batch already parsed into <paramref name="root"/> within <paramref name="limits"/>.</summary>
    public static EventBatchReadResult Read(JsonElement root, EventBatchLimits limits)
    {
        var maxItems = limits.MaxItems;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail(new EventValidationError("", "must be a JSON object"));
        }

        var errors = new List<EventValidationError>();
        string? id = null;
        string? sdk = null;
        JsonElement summaries = default;
        JsonElement exposures = default;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "id":
                    id = ReadId(property.Value, errors);
                    break;
                case "sdk":
                    sdk = ReadString(property.Value, "sdk", MaxNameLength, errors);
                    break;
                case "summaries":
                    summaries = ReadArray(property.Value, "summaries", errors);
                    break;
                case "exposures":
                    exposures = ReadArray(property.Value, "exposures", errors);
                    break;
                default:
                    break;
            }
        }

        if (id is null && !errors.Exists(static e => e.Path == "id"))
        {
            errors.Add(new EventValidationError("id", "is required"));
        }

        var summaryCount = summaries.ValueKind == JsonValueKind.Array ? summaries.GetArrayLength() : 0;
        var exposureCount = exposures.ValueKind == JsonValueKind.Array ? exposures.GetArrayLength() : 0;
        if (summaryCount + exposureCount > maxItems)
        {
            errors.Add(new EventValidationError("", $"the batch holds {summaryCount + exposureCount} items; at most {maxItems} are allowed"));
            return new EventBatchReadResult(null, errors);
        }

        if (summaryCount + exposureCount == 0 && errors.Count == 0)
        {
            errors.Add(new EventValidationError("", "must hold at least one summary or exposure"));
        }

        if (summaryCount > 0 && !limits.SummariesAllowed)
        {
            // A public (client) key: anyone may forge what it sends, and what it evaluates is counted where it was served.
            errors.Add(new EventValidationError("summaries", "a client key may report exposures only: the evaluations it asks for are counted by the server that answers them"));
            return new EventBatchReadResult(null, errors);
        }

        var summaryList = new EvaluationSummary[summaryCount];
        var evaluations = 0L;
        for (var i = 0; i < summaryCount && errors.Count < MaxErrors; i++)
        {
            var summary = ReadSummary(summaries[i], i, limits, errors);
            summaryList[i] = summary!;
            if (summary is not null)
            {
                evaluations = evaluations > long.MaxValue - summary.Count ? long.MaxValue : evaluations + summary.Count;
            }
        }

        if (evaluations > limits.MaxBatchEvaluations)
        {
            errors.Add(new EventValidationError("summaries", $"claim {evaluations} evaluations in all; a batch may claim at most {limits.MaxBatchEvaluations}"));
        }

        var exposureList = new ExposureEvent[exposureCount];
        for (var i = 0; i < exposureCount && errors.Count < MaxErrors; i++)
        {
            exposureList[i] = ReadExposure(exposures[i], i, limits, errors)!;
        }

        return errors.Count > 0
            ? new EventBatchReadResult(null, errors)
            : new EventBatchReadResult(new EventBatch(id!, sdk, summaryList, exposureList), []);
    }

    private static EventBatchReadResult Fail(EventValidationError error) => new(null, [error]);

    private static string? ReadId(JsonElement value, List<EventValidationError> errors)
    {
        var id = ReadString(value, "id", MaxIdLength, errors);
        if (id is null)
        {
            return null;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                errors.Add(new EventValidationError("id", "must contain only letters, digits, '-', '_', '.' and ':'"));
                return null;
            }
        }

        return id;
    }

    private static JsonElement ReadArray(JsonElement value, string path, List<EventValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return value;
        }

        if (value.ValueKind != JsonValueKind.Null)
        {
            errors.Add(new EventValidationError(path, "must be an array"));
        }

        return default;
    }

    private static EvaluationSummary? ReadSummary(JsonElement item, int index, EventBatchLimits limits, List<EventValidationError> errors)
    {
        var prefix = new ItemPath("summaries", index);
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new EventValidationError(prefix.ToString(), "must be an object"));
            return null;
        }

        var before = errors.Count;
        var flag = Required(item, prefix, "flag", errors, static (v, p, n, e) => ReadString(v, p, n, MaxNameLength, e));
        // "variation": null says the caller's default was served; the field itself stays required.
        var variation = Required(item, prefix, "variation", errors, static (v, p, n, e) => v.ValueKind == JsonValueKind.Null ? DefaultServed : ReadString(v, p, n, MaxNameLength, e));
        var version = RequiredNumber(item, prefix, "version", minimum: 0, errors);
        var count = RequiredNumber(item, prefix, "count", minimum: 1, errors);
        if (count > limits.MaxSummaryCount)
        {
            errors.Add(new EventValidationError(prefix.Field("count"), $"must be at most {limits.MaxSummaryCount}"));
            count = null;
        }

        var start = RequiredTime(item, prefix, "start", errors);
        var end = RequiredTime(item, prefix, "end", errors);
        if (start is { } s && end is { } e && e < s)
        {
            errors.Add(new EventValidationError(prefix.Field("end"), "must not be before start"));
        }

        NotInTheFuture(end, prefix.Field("end"), limits, errors);

        return errors.Count > before ? null : new EvaluationSummary(flag!, ReferenceEquals(variation, DefaultServed) ? null : variation, version!.Value, count!.Value, start!.Value, end!.Value);
    }

    private static ExposureEvent? ReadExposure(JsonElement item, int index, EventBatchLimits limits, List<EventValidationError> errors)
    {
        var prefix = new ItemPath("exposures", index);
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new EventValidationError(prefix.ToString(), "must be an object"));
            return null;
        }

        var before = errors.Count;
        var flag = Required(item, prefix, "flag", errors, static (v, p, n, e) => ReadString(v, p, n, MaxNameLength, e));
        var variation = Required(item, prefix, "variation", errors, static (v, p, n, e) => ReadString(v, p, n, MaxNameLength, e));
        var version = RequiredNumber(item, prefix, "version", minimum: 0, errors);
        var key = Required(item, prefix, "targetingKey", errors, static (v, p, n, e) => ReadString(v, p, n, MaxTargetingKeyLength, e));
        var at = RequiredTime(item, prefix, "at", errors);
        NotInTheFuture(at, prefix.Field("at"), limits, errors);
        return errors.Count > before ? null : new ExposureEvent(flag!, variation!, version!.Value, key!, at!.Value);
    }

    /// <summary>A time after the receiver's clock (plus the allowed skew) would make a flag look evaluated for years to come.</summary>
    private static void NotInTheFuture(DateTimeOffset? time, string path, EventBatchLimits limits, List<EventValidationError> errors)
    {
        if (time > limits.NotAfter)
        {
            errors.Add(new EventValidationError(path, $"must not be after {limits.NotAfter!.Value.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (the receiver's clock plus the allowed skew)"));
        }
    }

    private static T? Required<T>(JsonElement item, ItemPath prefix, string name, List<EventValidationError> errors, Func<JsonElement, ItemPath, string, List<EventValidationError>, T?> read)
        where T : class
    {
        if (!item.TryGetProperty(name, out var value))
        {
            errors.Add(new EventValidationError(prefix.Field(name), "is required"));
            return null;
        }

        return read(value, prefix, name, errors);
    }

    private static long? RequiredNumber(JsonElement item, ItemPath prefix, string name, long minimum, List<EventValidationError> errors)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            errors.Add(new EventValidationError(prefix.Field(name), "is required"));
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= minimum)
        {
            return number;
        }

        errors.Add(new EventValidationError(prefix.Field(name), minimum > 0 ? "must be a positive integer" : "must be a non-negative integer"));
        return null;
    }

    private static DateTimeOffset? RequiredTime(JsonElement item, ItemPath prefix, string name, List<EventValidationError> errors)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            errors.Add(new EventValidationError(prefix.Field(name), "is required"));
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && HasExplicitOffset(value) && value.TryGetDateTimeOffset(out var time))
        {
            return time;
        }

        errors.Add(new EventValidationError(prefix.Field(name), "must be an RFC 3339 date-time with an offset, e.g. 2026-11-24T12:00:00Z"));
        return null;
    }

    private static bool HasExplicitOffset(JsonElement value)
    {
        // The raw token, quotes included, read without allocating a string.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length < 22)
        {
            return false;
        }

        return raw[^2] is (byte)'Z' or (byte)'z' || (raw[^4] == (byte)':' && raw[^7] is (byte)'+' or (byte)'-');
    }

    private static string? ReadString(JsonElement value, ItemPath prefix, string name, int maxLength, List<EventValidationError> errors)
    {
        var text = ValidString(value, maxLength, out var problem);
        if (problem is not null)
        {
            errors.Add(new EventValidationError(prefix.Field(name), problem));
        }

        return text;
    }

    private static string? ReadString(JsonElement value, string path, int maxLength, List<EventValidationError> errors)
    {
        var text = ValidString(value, maxLength, out var problem);
        if (problem is not null)
        {
            errors.Add(new EventValidationError(path, problem));
        }

        return text;
    }

    private static string? ValidString(JsonElement value, int maxLength, out string? problem)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            problem = "must be a string";
            return null;
        }

        var text = value.GetString()!;
        if (text.Length == 0 || text.Length > maxLength)
        {
            problem = $"must be between 1 and {maxLength} characters";
            return null;
        }

        problem = null;
        return text;
    }

    /// <summary>The path of an array item, turned into a string only when an error needs it.</summary>
    private readonly record struct ItemPath(string Array, int Index)
    {
        public string Field(string name) => $"{Array}[{Index}].{name}";

        public override string ToString() => $"{Array}[{Index}]";
    }
}
