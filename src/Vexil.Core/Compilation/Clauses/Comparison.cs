namespace Vexil.Core.Compilation.Clauses;

/// <summary>An ordering test.</summary>
internal enum Comparison : byte
{
    Equal,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>Applies a <see cref="Comparison"/> to the sign of a comparison result.</summary>
internal static class ComparisonExtensions
{
    public static bool Holds(this Comparison comparison, int sign) => comparison switch
    {
        Comparison.Equal => sign == 0,
        Comparison.Less => sign < 0,
        Comparison.LessOrEqual => sign <= 0,
        Comparison.Greater => sign > 0,
        _ => sign >= 0,
    };
}
