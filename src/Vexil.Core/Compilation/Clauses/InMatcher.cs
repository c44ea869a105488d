using System.Collections.Frozen;
using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>
/// <c>in</c> (and <c>notIn</c>, as its negation): equality with one of the values, same JSON type. A few strings
/// are scanned (cheaper than hashing); many go through a frozen set.
/// </summary>
internal readonly struct InMatcher : IValueMatcher
{
    private const int ScanLimit = 8;

    private readonly string[]? _few;
    private readonly FrozenSet<string>? _many;
    private readonly FrozenSet<double> _numbers;
    private readonly bool _hasTrue;
    private readonly bool _hasFalse;

    public InMatcher(IReadOnlyCollection<string> strings, FrozenSet<double> numbers, bool hasTrue, bool hasFalse)
    {
        if (strings.Count <= ScanLimit)
        {
            _few = [.. strings];
        }
        else
        {
            _many = strings.ToFrozenSet(StringComparer.Ordinal);
        }

        _numbers = numbers;
        _hasTrue = hasTrue;
        _hasFalse = hasFalse;
    }

    public bool Matches(in ContextValue value) => value.Kind switch
    {
        ContextValueKind.String => ContainsString(value.AsString!),
        ContextValueKind.Number => _numbers.Count > 0 && _numbers.Contains(value.AsNumber),
        ContextValueKind.Boolean => value.AsBoolean ? _hasTrue : _hasFalse,
        _ => false,
    };

    private bool ContainsString(string text)
    {
        if (_few is null)
        {
            return _many!.Contains(text);
        }

        foreach (var candidate in _few)
        {
            if (string.Equals(candidate, text, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
