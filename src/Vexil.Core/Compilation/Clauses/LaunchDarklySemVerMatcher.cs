using Vexil.Core.Context;
using Vexil.Core.Operators;

namespace Vexil.Core.Compilation.Clauses;

/// <summary><c>ld:semVerEqual</c>, <c>ld:semVerLessThan</c>, <c>ld:semVerGreaterThan</c>: versions as LaunchDarkly parses them (<see cref="NpmSemVer.TryParseLaunchDarkly"/>).</summary>
internal readonly struct LaunchDarklySemVerMatcher(Comparison comparison, NpmSemVer[] values) : IValueMatcher
{
    public bool Matches(in ContextValue value)
    {
        if (!NpmSemVer.TryParseLaunchDarkly(value.AsString, out var version))
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
