namespace Vexil.Core.Operators;

/// <summary>Span-based, allocation-free parsing and pre-release comparison for <see cref="SemanticVersion"/>.</summary>
internal static class SemanticVersionParser
{
    public static bool TryParse(string? text, bool lenient, out SemanticVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var s = text.AsSpan();
        var i = s[0] is 'v' or 'V' ? 1 : 0;
        if (!TryReadNumber(s, ref i, out var major))
        {
            return false;
        }

        ulong minor = 0;
        ulong patch = 0;
        if (i == s.Length && lenient)
        {
            version = new SemanticVersion(text, major, 0, 0, 0, 0);
            return true;
        }

        if (!TryReadDot(s, ref i) || !TryReadNumber(s, ref i, out minor))
        {
            return false;
        }

        if (i == s.Length && lenient)
        {
            version = new SemanticVersion(text, major, minor, 0, 0, 0);
            return true;
        }

        if (!TryReadDot(s, ref i) || !TryReadNumber(s, ref i, out patch))
        {
            return false;
        }

        var prereleaseStart = 0;
        var prereleaseLength = 0;
        if (i < s.Length && s[i] == '-')
        {
            prereleaseStart = ++i;
            if (!TryReadIdentifiers(s, ref i, prerelease: true))
            {
                return false;
            }

            prereleaseLength = i - prereleaseStart;
        }

        if (i < s.Length && s[i] == '+')
        {
            i++;
            if (!TryReadIdentifiers(s, ref i, prerelease: false))
            {
                return false;
            }
        }

        if (i != s.Length)
        {
            return false;
        }

        version = new SemanticVersion(text, major, minor, patch, prereleaseStart, prereleaseLength);
        return true;
    }

    /// <summary>Compares two pre-release parts by SemVer precedence; an empty part (a release) ranks highest.</summary>
    public static int ComparePrerelease(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        if (left.IsEmpty)
        {
            return right.IsEmpty ? 0 : 1;
        }

        if (right.IsEmpty)
        {
            return -1;
        }

        while (true)
        {
            var leftEnd = left.IndexOf('.');
            var rightEnd = right.IndexOf('.');
            var leftId = leftEnd < 0 ? left : left[..leftEnd];
            var rightId = rightEnd < 0 ? right : right[..rightEnd];
            var result = CompareIdentifier(leftId, rightId);
            if (result != 0)
            {
                return result;
            }

            if (leftEnd < 0 || rightEnd < 0)
            {
                // All shared identifiers are equal: the longer set has higher precedence.
                return leftEnd < 0 ? (rightEnd < 0 ? 0 : -1) : 1;
            }

            left = left[(leftEnd + 1)..];
            right = right[(rightEnd + 1)..];
        }
    }

    private static int CompareIdentifier(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        var leftNumeric = IsNumeric(left);
        var rightNumeric = IsNumeric(right);
        if (leftNumeric && rightNumeric)
        {
            // No leading zeros, so a longer number is larger; equal lengths compare digit by digit.
            var byLength = left.Length.CompareTo(right.Length);
            return byLength != 0 ? byLength : Math.Sign(left.SequenceCompareTo(right));
        }

        if (leftNumeric != rightNumeric)
        {
            return leftNumeric ? -1 : 1;
        }

        return Math.Sign(left.SequenceCompareTo(right));
    }

    private static bool IsNumeric(ReadOnlySpan<char> identifier)
    {
        foreach (var c in identifier)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadDot(ReadOnlySpan<char> s, ref int i)
    {
        if (i < s.Length && s[i] == '.')
        {
            i++;
            return true;
        }

        return false;
    }

    private static bool TryReadNumber(ReadOnlySpan<char> s, ref int i, out ulong value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            var digit = (ulong)(s[i] - '0');
            if (value > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            value = (value * 10) + digit;
            i++;
        }

        var length = i - start;
        return length == 1 || (length > 1 && s[start] != '0');
    }

    /// <summary>Reads dot-separated non-empty identifiers of <c>[0-9A-Za-z-]</c> up to <c>+</c> or the end.</summary>
    private static bool TryReadIdentifiers(ReadOnlySpan<char> s, ref int i, bool prerelease)
    {
        while (true)
        {
            var start = i;
            var numeric = true;
            while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '-'))
            {
                numeric &= char.IsAsciiDigit(s[i]);
                i++;
            }

            var length = i - start;
            if (length == 0 || (prerelease && numeric && length > 1 && s[start] == '0'))
            {
                return false;
            }

            if (i < s.Length && s[i] == '.')
            {
                i++;
                continue;
            }

            return true;
        }
    }
}
