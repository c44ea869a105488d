namespace Vexil.Core.Compilation.Clauses;

/// <summary>What a clause, rule or segment decided: no match, a match, or nothing (a regular expression hit its time bound).</summary>
internal enum MatchResult : byte
{
    /// <summary>Does not match.</summary>
    NoMatch,

    /// <summary>Matches.</summary>
    Match,

    /// <summary>Could not decide: the evaluation is an error, whatever a negation or the rules after it would say.</summary>
    Error,
}
