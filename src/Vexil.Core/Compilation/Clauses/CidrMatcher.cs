using Vexil.Core.Context;
using Vexil.Core.Operators;

namespace Vexil.Core.Compilation.Clauses;

/// <summary><c>ipInCidr</c>: an IPv4 or IPv6 address inside one of the blocks.</summary>
internal readonly struct CidrMatcher(CidrBlock[] blocks) : IValueMatcher
{
    public bool Matches(in ContextValue value)
    {
        if (!value.TryGetString(out var text))
        {
            return false;
        }

        foreach (var block in blocks)
        {
            if (block.Contains(text))
            {
                return true;
            }
        }

        return false;
    }
}
