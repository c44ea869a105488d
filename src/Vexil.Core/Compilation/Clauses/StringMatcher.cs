using Vexil.Core.Context;
using Vexil.Core.Operators;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>The kind of string test.</summary>
internal enum StringTest : byte
{
    StartsWith,
    EndsWith,
    Contains,
}

/// <summary><c>startsWith</c>, <c>endsWith</c>, <c>contains</c> and their case-insensitive forms.</summary>
internal readonly struct StringMatcher(StringTest test, bool ignoreCase, string[] values) : IValueMatcher
{
    public bool Matches(in ContextValue value)
    {
        if (!value.TryGetString(out var text))
        {
            return false;
        }

        foreach (var candidate in values)
        {
            var hit = test switch
            {
                StringTest.StartsWith => StringMatch.StartsWith(text, candidate, ignoreCase),
                StringTest.EndsWith => StringMatch.EndsWith(text, candidate, ignoreCase),
                _ => StringMatch.Contains(text, candidate, ignoreCase),
            };
            if (hit)
            {
                return true;
            }
        }

        return false;
    }
}
