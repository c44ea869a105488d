using System.Globalization;
using System.Text.Json;

namespace Vexil.Core.Serialization;

/// <summary>
/// Reads one JSON object field by field, reporting wrong types, missing required fields, duplicate and unknown
/// fields into a shared error list. Validation work only: never on the evaluation path.
/// </summary>
internal sealed class JsonObjectReader
{
    /// <summary>No object of the format has nearly this many fields; more is refused rather than scanned.</summary>
    private const int MaxFields = 64;

    private readonly string[] _names;
    private readonly JsonElement[] _values;
    private readonly List<ValidationError> _errors;
    private ulong _read;

    private JsonObjectReader(string path, string[] names, JsonElement[] values, List<ValidationError> errors)
    {
        Path = path;
        _names = names;
        _values = values;
        _errors = errors;
    }

    public string Path { get; }

    public static JsonObjectReader? Open(JsonElement element, string path, List<ValidationError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(path, $"expected an object, found {Describe(element)}"));
            return null;
        }

        var count = element.GetPropertyCount();
        if (count > MaxFields)
        {
            errors.Add(new ValidationError(path, string.Create(CultureInfo.InvariantCulture, $"has {count} fields; no object of this format has more than {MaxFields}")));
            return null;
        }

        var names = new string[count];
        var values = new JsonElement[count];
        var i = 0;
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (System.Array.IndexOf(names, name, 0, i) >= 0)
            {
                errors.Add(new ValidationError(JsonPath.Property(path, name), "duplicate field"));
            }

            names[i] = name;
            values[i++] = property.Value;
        }

        return new JsonObjectReader(path, names, values, errors);
    }

    public string At(string name) => JsonPath.Property(Path, name);

    public bool TryGet(string name, out JsonElement value)
    {
        var index = IndexOf(name);
        if (index >= 0)
        {
            _read |= 1UL << index;
            value = _values[index];
            if (value.ValueKind != JsonValueKind.Null)
            {
                return true;
            }
        }

        value = default;
        return false;
    }

    public bool Has(string name) => IndexOf(name) >= 0;

    private int IndexOf(string name)
    {
        // The first occurrence wins; later duplicates were reported when the object was opened.
        for (var i = 0; i < _names.Length; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public string? String(string name, bool required, int maxLength = RulesetLimits.MaxStringLength)
    {
        if (!TryGet(name, out var value))
        {
            if (required)
            {
                Error(name, "is required");
            }

            return null;
        }

        return ReadString(value, At(name), maxLength, _errors);
    }

    public string? Key(string name, bool required) => CheckKey(String(name, required, RulesetLimits.MaxKeyLength), At(name), _errors);

    public bool Boolean(string name, bool defaultValue)
    {
        if (!TryGet(name, out var value))
        {
            return defaultValue;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Error(name, $"expected true or false, found {Describe(value)}");
        return defaultValue;
    }

    public long Integer(string name, bool required, long min, long max, long defaultValue = 0)
    {
        if (!TryGet(name, out var value))
        {
            if (required)
            {
                Error(name, "is required");
            }

            return defaultValue;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            if (number < min || number > max)
            {
                Error(name, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}, found {number}"));
                return defaultValue;
            }

            return number;
        }

        Error(name, $"expected an integer, found {Describe(value)}");
        return defaultValue;
    }

    /// <summary>Reads an array field; returns the elements or an empty array (with an error when required or mistyped).</summary>
    public JsonElement[] Array(string name, bool required, int maxItems, string what)
    {
        if (!TryGet(name, out var value))
        {
            if (required)
            {
                Error(name, "is required");
            }

            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(name, $"expected an array, found {Describe(value)}");
            return [];
        }

        var length = value.GetArrayLength();
        if (length > maxItems)
        {
            Error(name, string.Create(CultureInfo.InvariantCulture, $"holds {length} {what}; at most {maxItems} are allowed"));
            return [];
        }

        var items = new JsonElement[length];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            items[i++] = item;
        }

        return items;
    }

    public IReadOnlyList<string> Strings(string name, int maxItems, string what, bool keys = false)
    {
        var items = Array(name, required: false, maxItems, what);
        var result = new List<string>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var path = JsonPath.Index(At(name), i);
            var text = ReadString(items[i], path, RulesetLimits.MaxStringLength, _errors);
            if (keys && text is not null && text.Length == 0)
            {
                _errors.Add(new ValidationError(path, "must not be empty"));
                continue;
            }

            if (text is not null)
            {
                result.Add(text);
            }
        }

        return result;
    }

    public void Error(string name, string message) => _errors.Add(new ValidationError(At(name), message));

    /// <summary>Reports every field that was never asked for.</summary>
    public void Finish()
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if ((_read & (1UL << i)) == 0 && IndexOf(_names[i]) == i)
            {
                _errors.Add(new ValidationError(At(_names[i]), "unknown field"));
            }
        }
    }

    public static string? ReadString(JsonElement value, string path, int maxLength, List<ValidationError> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ValidationError(path, $"expected a string, found {Describe(value)}"));
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            errors.Add(new ValidationError(path, string.Create(CultureInfo.InvariantCulture, $"is {text.Length} characters long; at most {maxLength} are allowed")));
            return null;
        }

        return text;
    }

    public static string? CheckKey(string? key, string path, List<ValidationError> errors)
    {
        if (key is null)
        {
            return null;
        }

        if (!IsValidKey(key))
        {
            errors.Add(new ValidationError(path, $"'{key}' is not a valid key: use 1 to {RulesetLimits.MaxKeyLength} letters, digits, '.', '_' or '-', starting with a letter or digit"));
            return null;
        }

        return key;
    }

    public static bool IsValidKey(string key)
    {
        if (key.Length == 0 || key.Length > RulesetLimits.MaxKeyLength || !char.IsAsciiLetterOrDigit(key[0]))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
