using System.Globalization;
using System.Text.Json;

namespace Vexil.Core.Evaluation;

/// <summary>
/// A variation's value. Built once when a ruleset compiles; reading it never allocates (an object value's
/// <see cref="JsonElement"/> is boxed once, at compile time).
/// </summary>
public readonly struct FlagValue : IEquatable<FlagValue>
{
    private readonly double _number;
    private readonly object? _ref;

    private FlagValue(FlagValueType type, double number, object? reference)
    {
        Type = type;
        _number = number;
        _ref = reference;
    }

    /// <summary>The value's type.</summary>
    public FlagValueType Type { get; }

    /// <summary>A boolean value.</summary>
    public static FlagValue Of(bool value) => new(FlagValueType.Boolean, value ? 1 : 0, null);

    /// <summary>A number value.</summary>
    public static FlagValue Of(double value) => new(FlagValueType.Number, value, null);

    /// <summary>A string value.</summary>
    public static FlagValue Of(string value) => new(FlagValueType.String, 0, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>An object (or array) value; the element is cloned so that it outlives its document.</summary>
    public static FlagValue OfObject(JsonElement value) => new(FlagValueType.Object, 0, value.Clone());

    /// <summary>The boolean (false for other types).</summary>
    public bool AsBoolean => Type == FlagValueType.Boolean && _number != 0;

    /// <summary>The number (NaN for other types).</summary>
    public double AsNumber => Type == FlagValueType.Number ? _number : double.NaN;

    /// <summary>The string (null for other types).</summary>
    public string? AsString => Type == FlagValueType.String ? (string)_ref! : null;

    /// <summary>The JSON value (default for other types).</summary>
    public JsonElement AsObject => Type == FlagValueType.Object ? (JsonElement)_ref! : default;

    /// <summary>Writes this value as JSON.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (Type)
        {
            case FlagValueType.Boolean: writer.WriteBooleanValue(AsBoolean); break;
            case FlagValueType.Number: writer.WriteNumberValue(_number); break;
            case FlagValueType.String: writer.WriteStringValue((string)_ref!); break;
            default: ((JsonElement)_ref!).WriteTo(writer); break;
        }
    }

    /// <inheritdoc />
    public bool Equals(FlagValue other) => Type == other.Type && Type switch
    {
        FlagValueType.Object => JsonElement.DeepEquals(AsObject, other.AsObject),
        FlagValueType.String => string.Equals(AsString, other.AsString, StringComparison.Ordinal),
        _ => _number.Equals(other._number),
    };

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FlagValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, _number, Type == FlagValueType.String ? _ref : null);

    /// <inheritdoc />
    public override string ToString() => Type switch
    {
        FlagValueType.Boolean => AsBoolean ? "true" : "false",
        FlagValueType.Number => _number.ToString("R", CultureInfo.InvariantCulture),
        FlagValueType.String => (string)_ref!,
        _ => ((JsonElement)_ref!).GetRawText(),
    };

    /// <summary>Equality.</summary>
    public static bool operator ==(FlagValue left, FlagValue right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(FlagValue left, FlagValue right) => !left.Equals(right);
}
