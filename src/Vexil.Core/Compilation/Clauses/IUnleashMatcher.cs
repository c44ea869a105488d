namespace Vexil.Core.Compilation.Clauses;

/// <summary>One of Unleash's operators on the text of a field (or its absence).</summary>
internal interface IUnleashMatcher
{
    bool Matches(ReadOnlySpan<char> text, bool present);
}
