using System.Globalization;
using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>
/// <c>{"var": "a.b"}</c> or <c>{"var": ["a.b", default]}</c>: reads the context (or the current item inside an
/// iterating operator) along a dot path; numeric segments index arrays. The path is split once, at compile time.
/// </summary>
/// <param name="segments">The path, split once.</param>
/// <param name="fallback">The default when the value is missing or null.</param>
/// <param name="staticValue">The path's value in the static context, consulted when the request's context lacks it.</param>
internal sealed class VarNode(string[] segments, JsonLogicNode? fallback, ContextValue staticValue) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        var value = Resolve(scope, segments);
        if (value.IsMissing && !scope.HasData)
        {
            value = staticValue;
        }

        return JsonLogicValues.IsNull(value) && fallback is not null ? fallback.Evaluate(scope) : value;
    }

    /// <summary>Reads a path; an empty path reads the whole data.</summary>
    public static ContextValue Resolve(in JsonLogicScope scope, ReadOnlySpan<string> segments)
    {
        ContextValue value;
        if (scope.HasData)
        {
            value = scope.Data;
        }
        else if (segments.Length == 0)
        {
            return WholeContext(scope.Context);
        }
        else
        {
            if (!scope.Context.TryGetAttribute(segments[0], out value))
            {
                return default;
            }

            segments = segments[1..];
        }

        foreach (var segment in segments)
        {
            if (value.Kind == ContextValueKind.List)
            {
                var items = value.AsList;
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= items.Length)
                {
                    return default;
                }

                value = items[index];
            }
            else if (!value.TryGetProperty(segment, out value))
            {
                return default;
            }
        }

        return value;
    }

    private static ContextValue WholeContext(EvaluationContext context)
    {
        // Rare: {"var": ""} at the top level. Builds the context as one object.
        var properties = new Dictionary<string, ContextValue>(context.Attributes, StringComparer.Ordinal);
        if (context.TargetingKey is not null)
        {
            properties[EvaluationContext.TargetingKeyAttribute] = ContextValue.Of(context.TargetingKey);
        }

        return ContextValue.Of(properties);
    }
}
