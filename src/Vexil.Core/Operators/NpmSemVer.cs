namespace Vexil.Core.Operators;

/// <summary>
/// A version as npm's <c>semver</c> package (7.x) parses and orders it, the library that LaunchDarkly's and Unleash's
/// Node SDKs use: the text is trimmed (JavaScript white space), at most 256 characters, an optional leading
/// <c>v</c>, <c>MAJOR.MINOR.PATCH</c> without leading zeros and at most 2^53 − 1, dot-separated pre-release and build
/// identifiers. Ordering is SemVer 2.0.0 precedence (build ignored). Neither parsing nor comparing allocates.
/// </summary>
public readonly struct NpmSemVer
{
    private const int MaxLength = 256;
    private const double MaxSafeInteger = 9007199254740991;

    private readonly string _text;
    private readonly int _preStart;
    private readonly int _preEnd;

    private NpmSemVer(double major, double minor, double patch, string text, int preStart, int preEnd)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        _text = text;
        _preStart = preStart;
        _preEnd = preEnd;
    }

    /// <summary>The major version.</summary>
    public double Major { get; }

    /// <summary>The minor version.</summary>
    public double Minor { get; }

    /// <summary>The patch version.</summary>
    public double Patch { get; }

    private ReadOnlySpan<char> Prerelease => _text.AsSpan(_preStart, _preEnd - _preStart);

    /// <summary>Parses as <c>semver.parse</c> does (strict); false when it would return null. Never allocates.</summary>
    public static bool TryParse(string? text, out NpmSemVer version) => TryParse(text, pad: false, out version);

    /// <summary>
    /// LaunchDarkly's version parsing: no leading <c>v</c>; when <c>semver.parse</c> refuses the text, a version with
    /// one or two numeric components is padded with <c>.0</c> (<c>1</c> → <c>1.0.0</c>, <c>1.2-rc</c> → <c>1.2.0-rc</c>).
    /// Never allocates.
    /// </summary>
    public static bool TryParseLaunchDarkly(string? text, out NpmSemVer version)
    {
        version = default;
        if (text is null || text.StartsWith('v'))
        {
            return false;
        }

        return TryParse(text, pad: false, out version) || (text.Length > 0 && char.IsAsciiDigit(text[0]) && TryParse(text, pad: true, out version));
    }

    /// <summary>Parses <paramref name="text"/> (npm's strict grammar) and orders it against <paramref name="other"/>; false when it is not a version.</summary>
    public static bool TryCompare(ReadOnlySpan<char> text, in NpmSemVer other, out int order)
    {
        order = 0;
        if (!TryParseCore(text, pad: false, out var major, out var minor, out var patch, out var preStart, out var preEnd))
        {
            return false;
        }

        order = Compare(major, minor, patch, text[preStart..preEnd], other.Major, other.Minor, other.Patch, other.Prerelease);
        return true;
    }

    private static bool TryParse(string? text, bool pad, out NpmSemVer version)
    {
        version = default;
        if (text is null || !TryParseCore(text, pad, out var major, out var minor, out var patch, out var preStart, out var preEnd))
        {
            return false;
        }

        version = new NpmSemVer(major, minor, patch, text, preStart, preEnd);
        return true;
    }

    private static bool TryParseCore(ReadOnlySpan<char> text, bool pad, out double major, out double minor, out double patch, out int preStartAt, out int preEndAt)
    {
        major = minor = patch = 0;
        preStartAt = preEndAt = 0;
        if (text.Length > MaxLength)
        {
            return false;
        }

        var leading = 0;
        while (leading < text.Length && JsText.IsWhiteSpace(text[leading]))
        {
            leading++;
        }

        var s = JsText.Trim(text);
        var p = 0;
        if (pad)
        {
            // ^\d+(\.\d+)?(\.\d+)? then ".0" for each missing component, then the strict grammar.
            var padding = 0;
            if (!Number(s, ref p, out major))
            {
                return false;
            }

            for (var component = 1; component < 3; component++)
            {
                if (p + 1 < s.Length && s[p] == '.' && char.IsAsciiDigit(s[p + 1]))
                {
                    p++;
                    if (!Number(s, ref p, out var value))
                    {
                        return false;
                    }

                    if (component == 1)
                    {
                        minor = value;
                    }
                    else
                    {
                        patch = value;
                    }
                }
                else
                {
                    padding += 2;
                }
            }

            if (padding == 0 || text.Length + padding > MaxLength)
            {
                return false;
            }
        }
        else
        {
            if (p < s.Length && s[p] == 'v')
            {
                p++;
            }

            if (!Number(s, ref p, out major) || !Dot(s, ref p) || !Number(s, ref p, out minor) || !Dot(s, ref p) || !Number(s, ref p, out patch))
            {
                return false;
            }
        }

        int preStart = 0, preEnd = 0;
        if (p < s.Length && s[p] == '-')
        {
            p++;
            preStart = p;
            if (!Identifiers(s, ref p, prerelease: true))
            {
                return false;
            }

            preEnd = p;
        }

        if (p < s.Length && s[p] == '+')
        {
            p++;
            if (!Identifiers(s, ref p, prerelease: false))
            {
                return false;
            }
        }

        if (p != s.Length)
        {
            return false;
        }

        preStartAt = preStart + leading;
        preEndAt = preEnd + leading;
        return true;
    }

    /// <summary>Orders two versions as <c>semver.compare</c> does: -1, 0 or 1.</summary>
    public int CompareTo(in NpmSemVer other) => Compare(Major, Minor, Patch, Prerelease, other.Major, other.Minor, other.Patch, other.Prerelease);

    private static int Compare(double major, double minor, double patch, ReadOnlySpan<char> left, double otherMajor, double otherMinor, double otherPatch, ReadOnlySpan<char> right)
    {
        var main = major != otherMajor ? major.CompareTo(otherMajor) : minor != otherMinor ? minor.CompareTo(otherMinor) : patch.CompareTo(otherPatch);
        if (main != 0)
        {
            return Math.Sign(main);
        }

        if (left.IsEmpty || right.IsEmpty)
        {
            return left.IsEmpty == right.IsEmpty ? 0 : left.IsEmpty ? 1 : -1;
        }

        while (true)
        {
            var leftEnd = left.IndexOf('.');
            var rightEnd = right.IndexOf('.');
            var a = leftEnd < 0 ? left : left[..leftEnd];
            var b = rightEnd < 0 ? right : right[..rightEnd];
            var order = CompareIdentifiers(a, b);
            if (order != 0)
            {
                return order;
            }

            if (leftEnd < 0 || rightEnd < 0)
            {
                return leftEnd < 0 == rightEnd < 0 ? 0 : leftEnd < 0 ? -1 : 1;
            }

            left = left[(leftEnd + 1)..];
            right = right[(rightEnd + 1)..];
        }
    }

    private static int CompareIdentifiers(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var aNumeric = AllDigits(a);
        var bNumeric = AllDigits(b);
        if (aNumeric && bNumeric)
        {
            var x = double.Parse(a, System.Globalization.CultureInfo.InvariantCulture);
            var y = double.Parse(b, System.Globalization.CultureInfo.InvariantCulture);
            return x == y ? 0 : x < y ? -1 : 1;
        }

        if (aNumeric != bNumeric)
        {
            return aNumeric ? -1 : 1;
        }

        var order = a.SequenceCompareTo(b);
        return order == 0 ? 0 : order < 0 ? -1 : 1;
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }

    private static bool Dot(ReadOnlySpan<char> s, ref int p)
    {
        if (p < s.Length && s[p] == '.')
        {
            p++;
            return true;
        }

        return false;
    }

    // 0|[1-9]\d*, at most 2^53 − 1.
    private static bool Number(ReadOnlySpan<char> s, ref int p, out double value)
    {
        value = 0;
        var start = p;
        while (p < s.Length && char.IsAsciiDigit(s[p]))
        {
            p++;
        }

        if (p == start || (s[start] == '0' && p - start > 1))
        {
            return false;
        }

        value = double.Parse(s[start..p], System.Globalization.CultureInfo.InvariantCulture);
        return value <= MaxSafeInteger;
    }

    // Pre-release: 0|[1-9]\d* or \d*[a-zA-Z-][a-zA-Z0-9-]*; build: [a-zA-Z0-9-]+; dot-separated.
    private static bool Identifiers(ReadOnlySpan<char> s, ref int p, bool prerelease)
    {
        while (true)
        {
            var start = p;
            var letter = false;
            while (p < s.Length && (char.IsAsciiLetterOrDigit(s[p]) || s[p] == '-'))
            {
                letter |= !char.IsAsciiDigit(s[p]);
                p++;
            }

            if (p == start || (prerelease && !letter && s[start] == '0' && p - start > 1))
            {
                return false;
            }

            if (p < s.Length && s[p] == '.')
            {
                p++;
                continue;
            }

            return true;
        }
    }
}
