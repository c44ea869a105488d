namespace Vexil.Core.Context;

/// <summary>
/// Contexts with kinds (docs/flag-format.md#context-kinds), LaunchDarkly's model, read from an OpenFeature context
/// as LaunchDarkly's OpenFeature providers convert it: the <c>kind</c> attribute is the kind (<c>user</c> when absent);
/// the targeting key is the key (or, without one, a string attribute <c>key</c>); with <c>kind</c> = <c>multi</c>,
/// every attribute whose value is an object is the context of the kind of that name, its key its <c>targetingKey</c>
/// (or <c>key</c>). A <c>kind</c> that is not a string is ignored; <c>kind</c> is never an attribute. Allocation-free.
/// </summary>
internal static class ContextKinds
{
    /// <summary>The kind of a context without a <c>kind</c> attribute, and of clauses, targets and rollouts without one.</summary>
    public const string DefaultKind = "user";

    private const string KindAttribute = "kind";
    private const string Multi = "multi";
    private static readonly int KindHash = AttributeTable.Hash(KindAttribute);
    private static readonly int KeyHash = AttributeTable.Hash("key");
    private static readonly int TargetingKeyHash = AttributeTable.Hash(EvaluationContext.TargetingKeyAttribute);

    /// <summary>True when the context is multi-kind.</summary>
    public static bool IsMulti(EvaluationContext context) =>
        context.TryGetAttribute(KindAttribute, KindHash, out var kind) && kind.TryGetString(out var text) && text == Multi;

    /// <summary>Finds the context of a kind: its attributes and its key (null when it has no valid key).</summary>
    public static bool TryGetKind(EvaluationContext context, string kind, out KindView view)
    {
        view = default;
        if (context.TryGetAttribute(KindAttribute, KindHash, out var declared) && declared.TryGetString(out var name))
        {
            if (name == Multi)
            {
                if (kind == KindAttribute || !context.TryGetAttribute(kind, AttributeTable.Hash(kind), out var nested) || nested.Kind != ContextValueKind.Object)
                {
                    return false;
                }

                view = new KindView(null, nested, NestedKey(nested));
                return true;
            }

            if (name != kind)
            {
                return false;
            }
        }
        else if (kind != DefaultKind)
        {
            return false;
        }

        view = new KindView(context, default, TopLevelKey(context));
        return true;
    }

    /// <summary>
    /// True when the context is one LaunchDarkly accepts: a valid kind name (letters, digits, '_', '.', '-', not
    /// <c>kind</c>) with a non-empty key; a multi-kind context with at least one kind, every kind valid.
    /// </summary>
    public static bool IsValid(EvaluationContext context)
    {
        // A kind that is not a string is ignored (the provider converts such a context as a user).
        if (!context.TryGetAttribute(KindAttribute, KindHash, out var declared) || !declared.TryGetString(out var name))
        {
            return TopLevelKey(context) is not null;
        }

        if (name != Multi)
        {
            return IsValidKind(name) && TopLevelKey(context) is not null;
        }

        var table = context.Table;
        var kinds = 0;
        for (var slot = 0; slot < table.SlotCount; slot++)
        {
            if (!table.TryGetSlot(slot, out var key, out var value) || key == KindAttribute)
            {
                continue;
            }

            if (value.Kind != ContextValueKind.Object)
            {
                continue;
            }

            if (!IsValidKind(key) || NestedKey(value) is null)
            {
                return false;
            }

            kinds++;
        }

        return kinds > 0;
    }

    /// <summary>Calls <paramref name="visit"/>'s matcher on each kind name of the context; true when any matches.</summary>
    public static bool AnyKind<TVisitor>(EvaluationContext context, ref TVisitor visit)
        where TVisitor : struct, IKindVisitor
    {
        if (!context.TryGetAttribute(KindAttribute, KindHash, out var declared) || !declared.TryGetString(out var name))
        {
            return visit.Visit(DefaultKind);
        }

        if (name != Multi)
        {
            return visit.Visit(name);
        }

        var table = context.Table;
        for (var slot = 0; slot < table.SlotCount; slot++)
        {
            if (table.TryGetSlot(slot, out var key, out var value) && key != KindAttribute && value.Kind == ContextValueKind.Object && visit.Visit(key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>LaunchDarkly's kind names: <c>^[A-Za-z0-9_.-]+$</c>, not <c>kind</c>.</summary>
    public static bool IsValidKind(string kind)
    {
        if (kind.Length == 0 || kind == KindAttribute)
        {
            return false;
        }

        foreach (var c in kind)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '.' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private static string? TopLevelKey(EvaluationContext context)
    {
        if (context.TargetingKey is { } key)
        {
            return key;
        }

        return context.TryGetAttribute("key", KeyHash, out var value) && value.TryGetString(out var text) && text.Length > 0 ? text : null;
    }

    private static string? NestedKey(ContextValue nested)
    {
        if (nested.TryGetProperty(EvaluationContext.TargetingKeyAttribute, TargetingKeyHash, out var targetingKey) && targetingKey.Kind != ContextValueKind.Null)
        {
            return targetingKey.TryGetString(out var text) && text.Length > 0 ? text : null;
        }

        return nested.TryGetProperty("key", KeyHash, out var value) && value.TryGetString(out var key) && key.Length > 0 ? key : null;
    }
}

/// <summary>Visits kind names without allocating (a struct, so calls are not boxed).</summary>
internal interface IKindVisitor
{
    bool Visit(string kind);
}

/// <summary>The context of one kind: the top-level context (a single-kind context) or a nested object (multi-kind).</summary>
internal readonly struct KindView(EvaluationContext? topLevel, ContextValue nested, string? key)
{
    private const string Anonymous = "anonymous";
    private const string Name = "name";

    /// <summary>The kind's key, or null.</summary>
    public string? Key { get; } = key;

    /// <summary>
    /// Reads a first-level attribute as LaunchDarkly sees it after the provider's conversion: <c>key</c> is the key,
    /// <c>anonymous</c> is true only for a boolean true (otherwise false), <c>name</c> only a string;
    /// <c>targetingKey</c> and <c>privateAttributes</c> are not attributes.
    /// </summary>
    public bool TryGetFirst(string name, int hash, bool whole, out ContextValue value)
    {
        value = default;
        switch (name)
        {
            case "key":
                value = Key is null ? default : ContextValue.Of(Key);
                return Key is not null;
            case EvaluationContext.TargetingKeyAttribute or "privateAttributes":
                return false;
            case Anonymous:
                var anonymous = Raw(name, hash, out var raw) && raw.Kind == ContextValueKind.Boolean && raw.AsBoolean;
                value = ContextValue.Of(anonymous);
                return whole || anonymous;
            case Name:
                return Raw(name, hash, out value) && value.Kind == ContextValueKind.String;
            case "kind":
                return false;
            default:
                return Raw(name, hash, out value);
        }
    }

    private bool Raw(string name, int hash, out ContextValue value) =>
        topLevel is not null ? topLevel.TryGetAttribute(name, hash, out value) : nested.TryGetProperty(name, hash, out value);
}
