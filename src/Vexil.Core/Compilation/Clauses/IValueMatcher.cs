using Vexil.Core.Context;

namespace Vexil.Core.Compilation.Clauses;

/// <summary>Tests one attribute value. Implemented by structs so that <see cref="AttributeClause{TMatcher}"/> inlines the test.</summary>
internal interface IValueMatcher
{
    bool Matches(in ContextValue value);
}
