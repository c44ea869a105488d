namespace Vexil.Core.Operators;

/// <summary>
/// The string operators <c>startsWith</c>, <c>endsWith</c>, <c>contains</c> and their <c>IgnoreCase</c>
/// variants: ordinal comparison, or ordinal ignoring case (invariant case mapping). A null string never matches.
/// </summary>
public static class StringMatch
{
    /// <summary>True when <paramref name="value"/> starts with <paramref name="prefix"/>.</summary>
    /// <param name="value">The attribute's string.</param>
    /// <param name="prefix">The clause value.</param>
    /// <param name="ignoreCase">True to ignore case.</param>
    /// <returns>True on a match.</returns>
    public static bool StartsWith(string? value, string? prefix, bool ignoreCase) =>
        value is not null && prefix is not null && (ignoreCase ? value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) : value.AsSpan().StartsWith(prefix));

    /// <summary>True when <paramref name="value"/> ends with <paramref name="suffix"/>.</summary>
    /// <param name="value">The attribute's string.</param>
    /// <param name="suffix">The clause value.</param>
    /// <param name="ignoreCase">True to ignore case.</param>
    /// <returns>True on a match.</returns>
    public static bool EndsWith(string? value, string? suffix, bool ignoreCase) =>
        value is not null && suffix is not null && (ignoreCase ? value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) : value.AsSpan().EndsWith(suffix));

    /// <summary>True when <paramref name="value"/> contains <paramref name="part"/>.</summary>
    /// <param name="value">The attribute's string.</param>
    /// <param name="part">The clause value.</param>
    /// <param name="ignoreCase">True to ignore case.</param>
    /// <returns>True on a match.</returns>
    public static bool Contains(string? value, string? part, bool ignoreCase) =>
        value is not null && part is not null && (ignoreCase ? value.Contains(part, StringComparison.OrdinalIgnoreCase) : value.AsSpan().IndexOf(part) >= 0);
}
