using Vexil.Core.Context;
using Vexil.Core.Operators;

namespace Vexil.Core.Compilation.Clauses;

/// <summary><c>semVerEq</c>, <c>semVerLt</c>, … : SemVer 2.0.0 precedence, pre-releases included.</summary>
internal readonly struct SemVerMatcher(Comparison comparison, SemanticVersion[] values) : IValueMatcher
{
    public bool Matches(in ContextValue value)
    {
        if (!SemanticVersion.TryParse(value.AsString, out var version))
        {
            return false;
        }

        foreach (var candidate in values)
        {
            if (comparison.Holds(version.CompareTo(candidate)))
            {
                return true;
            }
        }

        return false;
    }
}
