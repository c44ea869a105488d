using System.Runtime.InteropServices;
using System.Text.Json;
using Vexil.Core.Serialization;

namespace Vexil.Core.Context;

/// <summary>
/// The OpenFeature evaluation context: a targeting key and attributes of any JSON type. Built once per request
/// (that allocates); evaluating any number of flags against it does not.
/// </summary>
public sealed class EvaluationContext
{
    /// <summary>The attribute name that addresses the targeting key in clauses and bucketing.</summary>
    public const string TargetingKeyAttribute = "targetingKey";

    private readonly AttributeTable _attributes;

    internal EvaluationContext(string? targetingKey, IReadOnlyCollection<KeyValuePair<string, ContextValue>> attributes)
    {
        TargetingKey = string.IsNullOrEmpty(targetingKey) ? null : targetingKey;
        _attributes = attributes.Count == 0 ? AttributeTable.Empty : new AttributeTable(attributes);
    }

    /// <summary>The attribute table, for allocation-free enumeration.</summary>
    internal AttributeTable Table => _attributes;

    /// <summary>A context with no targeting key and no attributes.</summary>
    public static EvaluationContext Empty { get; } = new(null, Array.Empty<KeyValuePair<string, ContextValue>>());

    /// <summary>The targeting key (the user, device or organisation), or null when there is none.</summary>
    public string? TargetingKey { get; }

    /// <summary>The attributes other than the targeting key.</summary>
    public IReadOnlyDictionary<string, ContextValue> Attributes => _attributes;

    /// <summary>Starts building a context.</summary>
    public static EvaluationContextBuilder CreateBuilder(string? targetingKey = null) => new(targetingKey);

    /// <summary>
    /// Reads a top-level attribute; <see cref="TargetingKeyAttribute"/> reads the targeting key. Never allocates.
    /// </summary>
    public bool TryGetAttribute(string name, out ContextValue value)
    {
        if (string.Equals(name, TargetingKeyAttribute, StringComparison.Ordinal))
        {
            value = TargetingKey is null ? default : ContextValue.Of(TargetingKey);
            return TargetingKey is not null;
        }

        return _attributes.TryGetValue(name, out value);
    }

    /// <summary>Reads a top-level attribute (not the targeting key) by name and precomputed hash.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal bool TryGetAttribute(string name, int hash, out ContextValue value) => _attributes.TryGetValue(name, hash, out value);

    /// <summary>
    /// Reads an OpenFeature context from JSON: an object whose <c>targetingKey</c> property (a string) is the
    /// targeting key and whose other properties are attributes.
    /// </summary>
    /// <exception cref="FormatException">The JSON is not an object, the targeting key is not a string, a string or
    /// name is not valid Unicode (a lone surrogate escape, bytes that are not UTF-8), or it is nested too deeply.</exception>
    public static EvaluationContext FromJson(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The evaluation context must be a JSON object.");
        }

        try
        {
            return Read(element);
        }
        catch (InvalidOperationException) when (JsonUnicode.TryFindInvalidText(JsonMarshal.GetRawUtf8Value(element), out var path))
        {
            // Reading such a string throws; the check runs only then, so a valid context pays nothing for it.
            throw new FormatException($"The evaluation context's {(path.Length == 0 ? "property name" : path)} {JsonUnicode.Problem}.");
        }
        catch (ArgumentException e) when (e.ParamName == nameof(element))
        {
            throw new FormatException("The evaluation context is nested too deeply (at most 32 levels).", e);
        }
    }

    private static EvaluationContext Read(JsonElement element)
    {

        string? key = null;
        var attributes = new Dictionary<string, ContextValue>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(TargetingKeyAttribute))
            {
                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException("The targetingKey of an evaluation context must be a string.");
                }

                key = property.Value.GetString();
                continue;
            }

            attributes[property.Name] = ContextValue.FromJson(property.Value);
        }

        return new EvaluationContext(key, attributes);
    }
}
