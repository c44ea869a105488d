namespace Vexil.Core.Context;

/// <summary>
/// A compiled reference to a context attribute: <c>plan</c>, or a nested path such as <c>org.plan</c>
/// (dot-separated). <c>targetingKey</c> alone addresses the targeting key. Resolving never allocates.
/// </summary>
public sealed class AttributePath
{
    private readonly string[] _segments;
    private readonly int[] _hashes;

    private AttributePath(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
        _hashes = new int[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            _hashes[i] = AttributeTable.Hash(segments[i]);
        }

        IsTargetingKey = segments.Length == 1 && string.Equals(segments[0], EvaluationContext.TargetingKeyAttribute, StringComparison.Ordinal);
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>The path that reads the targeting key.</summary>
    public static AttributePath TargetingKey { get; } = new(EvaluationContext.TargetingKeyAttribute, [EvaluationContext.TargetingKeyAttribute]);

    /// <summary>The first segment (the whole path when it has one segment).</summary>
    internal string Head => _segments[0];

    /// <summary>The precomputed lookup hash of <see cref="Head"/>.</summary>
    internal int HeadHash => _hashes[0];

    /// <summary>True when the path is one top-level attribute other than the targeting key.</summary>
    internal bool IsSimple => _segments.Length == 1 && !IsTargetingKey;

    /// <summary>True when this path reads the targeting key.</summary>
    public bool IsTargetingKey { get; }

    /// <summary>Parses a path; returns false when it is empty or has an empty segment.</summary>
    public static bool TryParse(string? text, out AttributePath? path)
    {
        path = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (string.Equals(text, EvaluationContext.TargetingKeyAttribute, StringComparison.Ordinal))
        {
            path = TargetingKey;
            return true;
        }

        var segments = text.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length == 0)
            {
                return false;
            }

            // Interned, so that a context built with literal names matches by reference before comparing text.
            segments[i] = string.Intern(segments[i]);
        }

        path = new AttributePath(text, segments);
        return true;
    }

    /// <summary>Parses a path or throws <see cref="FormatException"/>.</summary>
    public static AttributePath Parse(string text) =>
        TryParse(text, out var path) ? path! : throw new FormatException($"'{text}' is not an attribute path.");

    /// <summary>Reads the value at this path; <see cref="ContextValue.Missing"/> when absent.</summary>
    public ContextValue Resolve(EvaluationContext context)
    {
        if (IsTargetingKey)
        {
            return context.TargetingKey is { } key ? ContextValue.Of(key) : default;
        }

        var segments = _segments;
        if (!context.TryGetAttribute(segments[0], _hashes[0], out var value) || segments.Length == 1)
        {
            return value;
        }

        for (var i = 1; i < segments.Length; i++)
        {
            if (!value.TryGetProperty(segments[i], _hashes[i], out value))
            {
                return default;
            }
        }

        return value;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
