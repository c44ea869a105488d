namespace Vexil.Core.Context;

/// <summary>Builds an <see cref="EvaluationContext"/>.</summary>
public sealed class EvaluationContextBuilder
{
    private readonly Dictionary<string, ContextValue> _attributes = new(StringComparer.Ordinal);
    private string? _targetingKey;

    internal EvaluationContextBuilder(string? targetingKey) => _targetingKey = targetingKey;

    /// <summary>Sets the targeting key.</summary>
    public EvaluationContextBuilder TargetingKey(string? key)
    {
        _targetingKey = key;
        return this;
    }

    /// <summary>Sets an attribute.</summary>
    public EvaluationContextBuilder Set(string name, ContextValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (string.Equals(name, EvaluationContext.TargetingKeyAttribute, StringComparison.Ordinal))
        {
            _targetingKey = value.AsString;
            return this;
        }

        _attributes[name] = value;
        return this;
    }

    /// <summary>Sets a string attribute.</summary>
    public EvaluationContextBuilder Set(string name, string? value) => Set(name, ContextValue.Of(value));

    /// <summary>Sets a number attribute.</summary>
    public EvaluationContextBuilder Set(string name, double value) => Set(name, ContextValue.Of(value));

    /// <summary>Sets a boolean attribute.</summary>
    public EvaluationContextBuilder Set(string name, bool value) => Set(name, ContextValue.Of(value));

    /// <summary>Sets a list-of-strings attribute.</summary>
    public EvaluationContextBuilder Set(string name, params string[] values)
    {
        var items = new ContextValue[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            items[i] = ContextValue.Of(values[i]);
        }

        return Set(name, ContextValue.Of(items));
    }

    /// <summary>Builds the immutable context. The builder may be reused afterwards.</summary>
    public EvaluationContext Build() => new(_targetingKey, _attributes);
}
