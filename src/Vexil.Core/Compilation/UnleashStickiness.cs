using Vexil.Core.Context;

namespace Vexil.Core.Compilation;

/// <summary>
/// Unleash's stickiness: which text is hashed for a context, as the Node SDK chooses it (docs/bucketing.md#unleash-v1).
/// Strategies (<c>unleash-v1</c>): <c>default</c> is a truthy userId, else a truthy sessionId, else random;
/// <c>random</c> is random; a field is its text, and a context without one is not included. The gradual rollouts'
/// <c>$userId</c> and <c>$sessionId</c> need a truthy value. Variants (<c>unleash-variant-v1</c>): <c>default</c> is
/// the first non-empty string of userId, sessionId and remoteAddress; a field is its non-empty text; else random.
/// Random is the text of <c>Math.round(Math.random() × 10000) + 1</c> (strategies) or
/// <c>Math.round(Math.random() × 100000)</c> (variants), hashed like any other.
/// </summary>
internal sealed class UnleashStickiness
{
    private const string DefaultName = "default";
    private static readonly int SessionHash = AttributeTable.Hash("sessionId");
    private static readonly int RemoteHash = AttributeTable.Hash("remoteAddress");
    private static readonly int UserHash = AttributeTable.Hash(UnleashContext.UserId);

    private readonly Mode _mode;
    private readonly string _field;
    private readonly int _hash;
    private readonly bool _variant;

    public UnleashStickiness(string stickiness, bool variant)
    {
        _variant = variant;
        _field = stickiness;
        _hash = AttributeTable.Hash(stickiness);
        _mode = stickiness switch
        {
            DefaultName => Mode.Default,
            "random" when !variant => Mode.Random,
            "$userId" when !variant => Mode.UserId,
            "$sessionId" when !variant => Mode.SessionId,
            _ => Mode.Field,
        };
    }

    private enum Mode : byte
    {
        Default,
        Random,
        Field,
        UserId,
        SessionId,
    }

    /// <summary>The text to hash; false when the context is not included (a strategy's field or gradual rollout without a value).</summary>
    public bool TryGetValue(EvaluationContext context, Span<char> buffer, out ReadOnlySpan<char> value)
    {
        switch (_mode)
        {
            case Mode.Default when _variant:
                if (FirstString(context, buffer, out value))
                {
                    return true;
                }

                break;
            case Mode.Default:
                var user = UnleashContext.Field(context, UnleashContext.UserId, UserHash);
                if (UnleashContext.IsTruthy(user))
                {
                    value = JsString.Of(user, buffer);
                    return true;
                }

                context.TryGetAttribute("sessionId", SessionHash, out var session);
                if (UnleashContext.IsTruthy(session))
                {
                    value = JsString.Of(session, buffer);
                    return true;
                }

                break;
            case Mode.UserId or Mode.SessionId:
                var raw = _mode == Mode.UserId ? UnleashContext.Field(context, UnleashContext.UserId, UserHash) : Attribute(context, "sessionId", SessionHash);
                value = UnleashContext.IsTruthy(raw) ? JsString.Of(raw, buffer) : default;
                return UnleashContext.IsTruthy(raw);
            case Mode.Field:
                var field = UnleashContext.Field(context, _field, _hash);
                value = field.Kind > ContextValueKind.Null ? JsString.Of(field, buffer) : default;
                if (!value.IsEmpty)
                {
                    return true;
                }

                if (!_variant)
                {
                    return false;
                }

                break;
        }

        value = Random(buffer);
        return true;
    }

    private static ContextValue Attribute(EvaluationContext context, string name, int hash)
    {
        context.TryGetAttribute(name, hash, out var value);
        return value;
    }

    private static bool FirstString(EvaluationContext context, Span<char> buffer, out ReadOnlySpan<char> value)
    {
        ReadOnlySpan<ContextValue> candidates =
        [
            UnleashContext.Field(context, UnleashContext.UserId, UserHash),
            Attribute(context, "sessionId", SessionHash),
            Attribute(context, "remoteAddress", RemoteHash),
        ];
        foreach (var candidate in candidates)
        {
            if (candidate.TryGetString(out var text) && text.Length > 0)
            {
                value = text;
                return true;
            }
        }

        value = default;
        _ = buffer;
        return false;
    }

    private ReadOnlySpan<char> Random(Span<char> buffer)
    {
        // JavaScript's Math.round(x) is floor(x + 0.5).
        var draw = System.Random.Shared.NextDouble();
        var number = _variant ? Math.Floor((draw * 100000) + 0.5) : Math.Floor((draw * 10000) + 0.5) + 1;
        number.TryFormat(buffer, out var written, "0", System.Globalization.CultureInfo.InvariantCulture);
        return buffer[..written];
    }
}
