using Vexil.Core.Operators;

namespace Vexil.Core.Context;

/// <summary>
/// Unleash's context read from an OpenFeature context (docs/migration.md#unleash-contexts): <c>userId</c> is the
/// targeting key (without one, the <c>userId</c> attribute); <c>sessionId</c>, <c>remoteAddress</c>,
/// <c>environment</c>, <c>appName</c>, <c>currentTime</c> and every property are the attributes of those names.
/// Values reach Unleash's operators as JavaScript's <c>String(value)</c>. Allocation-free.
/// </summary>
internal static class UnleashContext
{
    /// <summary>The field that is the targeting key.</summary>
    public const string UserId = "userId";

    /// <summary>The raw value of a field (<c>context[field]</c>); missing when absent.</summary>
    public static ContextValue Field(EvaluationContext context, string name, int hash)
    {
        if (name == UserId && context.TargetingKey is { } key)
        {
            return ContextValue.Of(key);
        }

        context.TryGetAttribute(name, hash, out var value);
        return value;
    }

    /// <summary>JavaScript's truthiness.</summary>
    public static bool IsTruthy(in ContextValue value) => value.Kind switch
    {
        ContextValueKind.Boolean => value.AsBoolean,
        ContextValueKind.Number => value.AsNumber != 0 && !double.IsNaN(value.AsNumber),
        ContextValueKind.String => value.AsString!.Length > 0,
        ContextValueKind.List or ContextValueKind.Object => true,
        _ => false,
    };
}

/// <summary>JavaScript's <c>String(value)</c> of a context value, written without allocating when it fits.</summary>
internal static class JsString
{
    /// <summary>The buffer size callers stack-allocate.</summary>
    public const int BufferLength = 256;

    private const string ObjectText = "[object Object]";

    /// <summary>
    /// The text of a value that is neither missing nor null: a string as it is; anything else written into
    /// <paramref name="buffer"/> (a longer list's text is allocated).
    /// </summary>
    public static ReadOnlySpan<char> Of(ContextValue value, Span<char> buffer)
    {
        if (value.TryGetString(out var text))
        {
            return text;
        }

        var written = Write(value, buffer);
        if (written >= 0)
        {
            return buffer[..written];
        }

        var large = new char[64 * 1024];
        written = Write(value, large);
        return written >= 0 ? large.AsSpan(0, written) : ObjectText;
    }

    private static int Write(in ContextValue value, Span<char> buffer)
    {
        switch (value.Kind)
        {
            case ContextValueKind.String:
                var text = value.AsString!;
                return text.AsSpan().TryCopyTo(buffer) ? text.Length : -1;
            case ContextValueKind.Number:
                Span<char> number = stackalloc char[JsNumber.MaxFormattedLength];
                JsNumber.TryFormat(value.AsNumber, number, out var length);
                return number[..length].TryCopyTo(buffer) ? length : -1;
            case ContextValueKind.Boolean:
                var boolean = value.AsBoolean ? "true" : "false";
                return boolean.AsSpan().TryCopyTo(buffer) ? boolean.Length : -1;
            case ContextValueKind.List:
                var position = 0;
                var items = value.AsList;
                for (var i = 0; i < items.Length; i++)
                {
                    if (i > 0)
                    {
                        if (position >= buffer.Length)
                        {
                            return -1;
                        }

                        buffer[position++] = ',';
                    }

                    if (items[i].Kind <= ContextValueKind.Null)
                    {
                        continue;
                    }

                    var item = Write(items[i], buffer[position..]);
                    if (item < 0)
                    {
                        return -1;
                    }

                    position += item;
                }

                return position;
            case ContextValueKind.Object:
                return ObjectText.AsSpan().TryCopyTo(buffer) ? ObjectText.Length : -1;
            default:
                return "null".AsSpan().TryCopyTo(buffer) ? 4 : -1;
        }
    }
}
