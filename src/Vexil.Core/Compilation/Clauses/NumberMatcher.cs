using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary><c>lt</c>, <c>lte</c>, <c>gt</c>, <c>gte</c> on numbers.</summary>
internal readonly struct NumberMatcher(Comparison comparison, double[] values) : IValueMatcher
{
    public bool Matches(in ContextValue value)
    {
        if (value.Kind != ContextValueKind.Number)
        {
            return false;
        }

        var number = value.AsNumber;
        foreach (var candidate in values)
        {
            if (comparison.Holds(number.CompareTo(candidate)))
            {
                return true;
            }
        }

        return false;
    }
}
