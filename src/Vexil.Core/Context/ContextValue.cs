using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Vexil.Core.Context;

/// <summary>
/// One value of an evaluation context: any JSON value. A small struct that never boxes: numbers and booleans
/// live in a double, strings, lists and objects in one reference field. <c>default</c> means "missing".
/// </summary>
public readonly struct ContextValue
{
    private readonly double _number;
    private readonly object? _ref;

    private ContextValue(ContextValueKind kind, double number, object? reference)
    {
        Kind = kind;
        _number = number;
        _ref = reference;
    }

    /// <summary>The JSON kind of this value.</summary>
    public ContextValueKind Kind { get; }

    /// <summary>True when the attribute is absent.</summary>
    public bool IsMissing => Kind == ContextValueKind.Missing;

    /// <summary>The JSON <c>null</c> value.</summary>
    public static ContextValue Null { get; } = new(ContextValueKind.Null, 0, null);

    /// <summary>An absent value.</summary>
    public static ContextValue Missing => default;

    /// <summary>A boolean value.</summary>
    public static ContextValue Of(bool value) => new(ContextValueKind.Boolean, value ? 1 : 0, null);

    /// <summary>A number value.</summary>
    public static ContextValue Of(double value) => new(ContextValueKind.Number, value, null);

    /// <summary>A string value; <c>null</c> becomes <see cref="Null"/>.</summary>
    public static ContextValue Of(string? value) => value is null ? Null : new(ContextValueKind.String, 0, value);

    /// <summary>A list value.</summary>
    public static ContextValue Of(ContextValue[] items) => new(ContextValueKind.List, 0, items);

    /// <summary>An object value.</summary>
    public static ContextValue Of(IReadOnlyDictionary<string, ContextValue> properties) =>
        new(ContextValueKind.Object, 0, properties as AttributeTable ?? new AttributeTable(properties));

    /// <summary>The boolean, when <see cref="Kind"/> is <see cref="ContextValueKind.Boolean"/>.</summary>
    public bool AsBoolean => Kind == ContextValueKind.Boolean && _number != 0;

    /// <summary>The number, when <see cref="Kind"/> is <see cref="ContextValueKind.Number"/>; otherwise NaN.</summary>
    public double AsNumber => Kind == ContextValueKind.Number ? _number : double.NaN;

    /// <summary>The string, when <see cref="Kind"/> is <see cref="ContextValueKind.String"/>; otherwise null.</summary>
    public string? AsString => Kind == ContextValueKind.String ? (string)_ref! : null;

    /// <summary>The items, when <see cref="Kind"/> is <see cref="ContextValueKind.List"/>; otherwise empty.</summary>
    public ReadOnlySpan<ContextValue> AsList => Kind == ContextValueKind.List ? (ContextValue[])_ref! : default;

    /// <summary>The properties, when <see cref="Kind"/> is <see cref="ContextValueKind.Object"/>; otherwise null.</summary>
    public IReadOnlyDictionary<string, ContextValue>? AsObject =>
        Kind == ContextValueKind.Object ? (IReadOnlyDictionary<string, ContextValue>)_ref! : null;

    /// <summary>The object's attribute table, when this is an object built by Vexil (allocation-free enumeration).</summary>
    internal AttributeTable? Table => _ref as AttributeTable;

    /// <summary>Reads a nested property without allocating.</summary>
    public bool TryGetProperty(string name, out ContextValue value)
    {
        if (_ref is AttributeTable table)
        {
            return table.TryGetValue(name, out value);
        }

        if (Kind == ContextValueKind.Object && ((IReadOnlyDictionary<string, ContextValue>)_ref!).TryGetValue(name, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Reads a nested property by name and precomputed hash (compiled attribute paths).</summary>
    internal bool TryGetProperty(string name, int hash, out ContextValue value)
    {
        if (_ref is AttributeTable table)
        {
            return table.TryGetValue(name, hash, out value);
        }

        return TryGetProperty(name, out value);
    }

    /// <summary>True for a string value, with the string.</summary>
    public bool TryGetString([NotNullWhen(true)] out string? value)
    {
        value = Kind == ContextValueKind.String ? (string)_ref! : null;
        return value is not null;
    }

    /// <summary>Converts a JSON element into a context value (deeply).</summary>
    public static ContextValue FromJson(JsonElement element, int maxDepth = 32)
    {
        if (maxDepth < 0)
        {
            throw new ArgumentException("The context is nested too deeply.", nameof(element));
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.True: return Of(true);
            case JsonValueKind.False: return Of(false);
            case JsonValueKind.Number: return Of(element.GetDouble());
            case JsonValueKind.String: return Of(element.GetString());
            case JsonValueKind.Null: return Null;
            case JsonValueKind.Array:
                var items = new ContextValue[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[i++] = FromJson(item, maxDepth - 1);
                }

                return Of(items);
            case JsonValueKind.Object:
                var properties = new Dictionary<string, ContextValue>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    properties[property.Name] = FromJson(property.Value, maxDepth - 1);
                }

                return new ContextValue(ContextValueKind.Object, 0, new AttributeTable(properties));
            default:
                return Missing;
        }
    }

    /// <summary>Writes this value as JSON.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case ContextValueKind.Boolean: writer.WriteBooleanValue(AsBoolean); break;
            case ContextValueKind.Number: writer.WriteNumberValue(_number); break;
            case ContextValueKind.String: writer.WriteStringValue((string)_ref!); break;
            case ContextValueKind.List:
                writer.WriteStartArray();
                foreach (var item in AsList)
                {
                    item.WriteTo(writer);
                }

                writer.WriteEndArray();
                break;
            case ContextValueKind.Object:
                writer.WriteStartObject();
                foreach (var pair in AsObject!)
                {
                    writer.WritePropertyName(pair.Key);
                    pair.Value.WriteTo(writer);
                }

                writer.WriteEndObject();
                break;
            default: writer.WriteNullValue(); break;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ContextValueKind.Missing => "<missing>",
        ContextValueKind.Null => "null",
        ContextValueKind.Boolean => AsBoolean ? "true" : "false",
        ContextValueKind.Number => _number.ToString("R", CultureInfo.InvariantCulture),
        ContextValueKind.String => (string)_ref!,
        _ => Kind.ToString(),
    };
}
