using System.Globalization;
using System.Text;

namespace Vexil.Core.Operators;

/// <summary>
/// Translates a regular expression of another engine into a .NET pattern with the same matches, for the constructs
/// whose meaning both engines share once spelled out: literals, <c>.</c>, classes and ranges, <c>\d \w \s</c> and
/// their negations (outside classes), <c>^</c>, <c>$</c> (end of input), groups, alternation and quantifiers (lazy
/// ones become greedy: only whether a match exists is asked). Anything else (word boundaries, back-references,
/// lookarounds, flags, Unicode classes, non-ASCII letters under case folding) is refused with a reason.
/// </summary>
internal sealed class PatternTranslator
{
    private const string JsSpaces = "\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";
    private const string Re2Spaces = "\\t\\n\\f\\r ";

    private readonly string _pattern;
    private readonly bool _re2;
    private readonly StringBuilder _out = new();
    private bool _fold;
    private bool _dotAll;
    private bool _multiline;
    private int _p;
    private string? _error;
    private bool _invalid;

    private PatternTranslator(string pattern, bool re2, bool fold)
    {
        _pattern = pattern;
        _re2 = re2;
        _fold = fold;
    }

    /// <summary>Translates; on failure, <paramref name="invalid"/> tells that the source engine itself rejects the pattern (so it never matches there).</summary>
    public static bool TryTranslate(string pattern, bool re2, bool caseInsensitive, out string? translated, out string? error, out bool invalid)
    {
        var translator = new PatternTranslator(pattern, re2, caseInsensitive);
        translator.Alternation(depth: 0);
        if (translator._error is null && translator._p < pattern.Length)
        {
            translator.Invalid("unbalanced ')'");
        }

        translated = translator._error is null ? translator._out.ToString() : null;
        error = translator._error is null ? null : $"the regular expression cannot be translated exactly: {translator._error}";
        invalid = translator._invalid;
        return translator._error is null;
    }

    private bool Fail(string reason)
    {
        _error ??= $"{reason} (at {_p})";
        return false;
    }

    // The source engine rejects the pattern (it then never matches): not a refusal.
    private bool Invalid(string reason)
    {
        _invalid |= _error is null;
        return Fail(reason);
    }

    private bool Alternation(int depth)
    {
        while (_error is null)
        {
            if (!Sequence(depth))
            {
                return false;
            }

            if (_p < _pattern.Length && _pattern[_p] == '|')
            {
                _out.Append('|');
                _p++;
                continue;
            }

            return true;
        }

        return false;
    }

    private bool Sequence(int depth)
    {
        while (_p < _pattern.Length && _error is null)
        {
            var c = _pattern[_p];
            if (c == '|' || (c == ')' && depth > 0))
            {
                return true;
            }

            if (c == ')')
            {
                return Invalid("unbalanced ')'");
            }

            if (!Atom(depth) || !Quantifier())
            {
                return false;
            }
        }

        return _error is null;
    }

    private bool Atom(int depth)
    {
        var c = _pattern[_p++];
        switch (c)
        {
            case '^':
                _out.Append(_multiline ? "(?m:^)" : "^");
                return true;
            case '$':
                _out.Append(_multiline ? "(?m:$)" : "\\z");
                return true;
            case '.':
                _out.Append(_re2 ? (_dotAll ? "(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^\\uD800-\\uDFFF])" : "(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^\\n\\uD800-\\uDFFF])") : "[^\\n\\r\\u2028\\u2029]");
                return true;
            case '(':
                var saved = (_fold, _dotAll, _multiline);
                if (_p < _pattern.Length && _pattern[_p] == '?')
                {
                    if (_re2 && Flags(out var scoped))
                    {
                        if (!scoped)
                        {
                            // (?flags): the flags hold to the end of the enclosing group.
                            return true;
                        }
                    }
                    else if (Next("?=") || Next("?!") || Next("?<=") || Next("?<!"))
                    {
                        return _re2 ? Invalid("lookarounds") : Fail("lookarounds are not supported");
                    }
                    else if (Next("?:"))
                    {
                        _p += 2;
                    }
                    else if (Next("?P<") || (Next("?<") && !Next("?<=") && !Next("?<!")))
                    {
                        var close = _pattern.IndexOf('>', _p);
                        if (close < 0)
                        {
                            return Fail("unterminated group name");
                        }

                        _p = close + 1;
                    }
                    else
                    {
                        return Fail("lookarounds, flags and other (?…) groups are not supported");
                    }
                }

                _out.Append("(?:");
                if (!Alternation(depth + 1))
                {
                    return false;
                }

                if (_p >= _pattern.Length || _pattern[_p] != ')')
                {
                    return Invalid("unbalanced '('");
                }

                _p++;
                _out.Append(')');
                (_fold, _dotAll, _multiline) = saved;
                return true;
            case '[':
                return Class();
            case '\\':
                return Escape(inClass: false, out _);
            case '*' or '+' or '?':
                return Invalid("a quantifier with nothing to repeat");
            case '{':
                return Fail("a quantifier with nothing to repeat");
            default:
                Literal(c);
                return true;
        }
    }

    private bool Quantifier()
    {
        if (_p >= _pattern.Length)
        {
            return true;
        }

        var c = _pattern[_p];
        if (c is '*' or '+' or '?')
        {
            _out.Append(c);
            _p++;
        }
        else if (c == '{')
        {
            var close = _pattern.IndexOf('}', _p);
            var body = close < 0 ? string.Empty : _pattern[(_p + 1)..close];
            var comma = body.IndexOf(',');
            var min = comma < 0 ? body : body[..comma];
            var max = comma < 0 ? null : body[(comma + 1)..];
            if (close < 0 || min.Length == 0 || !IsDigits(min) || (max is { Length: > 0 } && !IsDigits(max))
                || Count(min) > 1000 || (max is { Length: > 0 } && Count(max) is var m && (m > 1000 || m < Count(min))))
            {
                return Fail("'{' that is not a quantifier {n}, {n,} or {n,m} (n, m ≤ 1000)");
            }

            _out.Append('{').Append(body).Append('}');
            _p = close + 1;
        }
        else
        {
            return true;
        }

        if (_p < _pattern.Length && _pattern[_p] == '?')
        {
            _p++;
        }

        if (_p < _pattern.Length && _pattern[_p] is '*' or '+' or '?' or '{')
        {
            return _re2 ? Invalid("a repeated quantifier") : Fail("a repeated quantifier");
        }

        return true;
    }

    /// <summary>A quantifier's count; more digits than any allowed count has is over the limit (never an overflow).</summary>
    private static int Count(string digits)
    {
        var significant = digits.AsSpan().TrimStart('0');
        return significant.Length > 4 ? int.MaxValue : significant.IsEmpty ? 0 : int.Parse(significant, CultureInfo.InvariantCulture);
    }

    private bool Class()
    {
        var negated = _p < _pattern.Length && _pattern[_p] == '^';
        if (negated)
        {
            _p++;
        }

        if (_p < _pattern.Length && _pattern[_p] == ']')
        {
            return Fail("an empty class or a ']' first in a class");
        }

        var members = new StringBuilder();
        while (true)
        {
            if (_p >= _pattern.Length)
            {
                return Fail("unterminated class");
            }

            var c = _pattern[_p++];
            if (c == ']')
            {
                break;
            }

            if (c == '[' && _re2 && _p < _pattern.Length && _pattern[_p] == ':')
            {
                var close = _pattern.IndexOf(":]", _p + 1, StringComparison.Ordinal);
                var name = close < 0 ? string.Empty : _pattern[(_p + 1)..close];
                if (name is not ("alpha" or "digit" or "alnum" or "upper" or "lower" or "space" or "word" or "xdigit" or "blank" or "punct"))
                {
                    return Fail("an unsupported POSIX class");
                }

                _p = close + 2;
                foreach (var (low2, high2) in Ranges(name))
                {
                    if (!AddRange(members, low2, high2))
                    {
                        return false;
                    }
                }

                continue;
            }

            if (c == '[')
            {
                return Fail("'[' inside a class");
            }

            int low;
            if (c == '\\')
            {
                var mark = _out.Length;
                if (!Escape(inClass: true, out low))
                {
                    return false;
                }

                if (low < 0)
                {
                    members.Append(_out, mark, _out.Length - mark);
                    _out.Length = mark;
                    continue;
                }

                _out.Length = mark;
            }
            else
            {
                low = c;
            }

            var high = low;
            if (_p + 1 < _pattern.Length && _pattern[_p] == '-' && _pattern[_p + 1] != ']')
            {
                _p++;
                var h = _pattern[_p++];
                if (h == '\\')
                {
                    var mark = _out.Length;
                    if (!Escape(inClass: true, out high) || high < 0)
                    {
                        return Fail("a class shorthand as a range's end");
                    }

                    _out.Length = mark;
                }
                else
                {
                    high = h;
                }

                if (high < low)
                {
                    return Fail("a range out of order");
                }
            }

            if (!AddRange(members, low, high))
            {
                return false;
            }
        }

        if (_re2 && negated)
        {
            _out.Append("(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^").Append(members).Append("\\uD800-\\uDFFF])");
        }
        else
        {
            _out.Append(negated ? "[^" : "[").Append(members).Append(']');
        }

        return true;
    }

    private bool AddRange(StringBuilder members, int low, int high)
    {
        if (_fold && (low > 127 || high > 127) && HasLetters(low, high))
        {
            return Fail("a non-ASCII letter under case-insensitive matching");
        }

        members.Append(Code(low));
        if (high != low)
        {
            members.Append('-').Append(Code(high));
        }

        if (_fold)
        {
            for (var c = Math.Max(low, 'A'); c <= Math.Min(high, 'z'); c++)
            {
                if (char.IsAsciiLetter((char)c))
                {
                    members.Append(Code(char.IsAsciiLetterUpper((char)c) ? c + 32 : c - 32));
                    if ((c | 0x20) == 'k')
                    {
                        members.Append("\\u212A");
                    }
                    else if ((c | 0x20) == 's')
                    {
                        members.Append("\\u017F");
                    }
                }
            }
        }

        return true;
    }

    private static bool HasLetters(int low, int high)
    {
        for (var c = Math.Max(low, 128); c <= high && c <= 0xFFFF; c++)
        {
            if (char.IsLetter((char)c) && (char.ToUpperInvariant((char)c) != c || char.ToLowerInvariant((char)c) != c))
            {
                return true;
            }
        }

        return false;
    }

    // Writes a shorthand class into _out (value -1) or yields a single character in value.
    private bool Escape(bool inClass, out int value)
    {
        value = -1;
        if (_p >= _pattern.Length)
        {
            return Invalid("a trailing backslash");
        }

        var c = _pattern[_p++];
        if (char.IsAsciiDigit(c) && c != '0' && _re2)
        {
            return Invalid("a back-reference");
        }
        string? shorthand = c switch
        {
            'd' => "0-9",
            'w' => _fold ? "0-9A-Za-z_\\u212A\\u017F" : "0-9A-Za-z_",
            's' => _re2 ? Re2Spaces : JsSpaces,
            _ => null,
        };
        if (shorthand is not null)
        {
            _out.Append(inClass ? shorthand : "[" + shorthand + "]");
            return true;
        }

        if (c is 'D' or 'W' or 'S')
        {
            if (inClass)
            {
                return Fail("a negated class shorthand inside a class");
            }

            var inner = c == 'D' ? "0-9" : c == 'W' ? (_fold ? "0-9A-Za-z_\\u212A\\u017F" : "0-9A-Za-z_") : _re2 ? Re2Spaces : JsSpaces;
            _out.Append(_re2 ? "(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^" + inner + "\\uD800-\\uDFFF])" : "[^" + inner + "]");
            return true;
        }

        value = c switch
        {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'f' => '\f',
            'v' => '\v',
            'x' => Hex(2),
            'u' when !_re2 => Hex(4),
            _ when char.IsAsciiLetterOrDigit(c) => -2,
            _ when c < 128 => c,
            _ => -2,
        };
        if (value == -2)
        {
            value = -1;
            return Fail($"the escape \\{c}");
        }

        if (value < 0)
        {
            return Fail("a malformed \\x or \\u escape");
        }

        if (!inClass)
        {
            Literal((char)value);
        }

        return true;
    }

    private int Hex(int digits)
    {
        if (_p + digits > _pattern.Length || !int.TryParse(_pattern.AsSpan(_p, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return -1;
        }

        _p += digits;
        return value;
    }

    private void Literal(char c)
    {
        if (_fold && char.IsAsciiLetter(c))
        {
            var members = new StringBuilder();
            AddRange(members, c, c);
            _out.Append('[').Append(members).Append(']');
            return;
        }

        if (_fold && c > 127 && (char.ToUpperInvariant(c) != c || char.ToLowerInvariant(c) != c))
        {
            Fail("a non-ASCII letter under case-insensitive matching");
            return;
        }

        _out.Append(char.IsAsciiLetterOrDigit(c) ? c.ToString() : Code(c));
    }

    private bool Next(string text) => string.CompareOrdinal(_pattern, _p, text, 0, text.Length) == 0;

    // RE2's flag groups (?imsU-imsU) and (?flags:re); true when one was read, scoped for the (?flags:…) form.
    private bool Flags(out bool scoped)
    {
        scoped = false;
        var i = _p + 1;
        var on = true;
        bool fold = _fold, dotAll = _dotAll, multiline = _multiline;
        while (i < _pattern.Length && _pattern[i] is 'i' or 'm' or 's' or '-')
        {
            switch (_pattern[i])
            {
                case '-': on = false; break;
                case 'i': fold = on; break;
                case 'm': multiline = on; break;
                default: dotAll = on; break;
            }

            i++;
        }

        if (i == _p + 1 || i >= _pattern.Length || _pattern[i] is not (')' or ':'))
        {
            return false;
        }

        (_fold, _dotAll, _multiline) = (fold, dotAll, multiline);
        scoped = _pattern[i] == ':';
        _p = i + 1;
        return true;
    }

    private static IEnumerable<(int Low, int High)> Ranges(string posix) => posix switch
    {
        "alpha" => [('A', 'Z'), ('a', 'z')],
        "digit" => [('0', '9')],
        "alnum" => [('0', '9'), ('A', 'Z'), ('a', 'z')],
        "upper" => [('A', 'Z')],
        "lower" => [('a', 'z')],
        "space" => [('\t', '\r'), (' ', ' ')],
        "word" => [('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')],
        "xdigit" => [('0', '9'), ('A', 'F'), ('a', 'f')],
        "blank" => [('\t', '\t'), (' ', ' ')],
        _ => [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
    };

    private static bool IsDigits(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Code(int c) => "\\u" + c.ToString("X4", CultureInfo.InvariantCulture);
}

/// <summary>LaunchDarkly's regular expressions: JavaScript's <c>RegExp</c> without flags, <c>test</c> (a search).</summary>
public static class EcmaScriptPattern
{
    /// <summary>Translates into an equivalent .NET pattern, or refuses with a reason.</summary>
    public static bool TryTranslate(string pattern, bool caseInsensitive, out string? translated, out string? error) =>
        PatternTranslator.TryTranslate(pattern, re2: false, caseInsensitive, out translated, out error, out _);

    /// <summary>Translates; <paramref name="invalid"/> tells that JavaScript itself rejects the pattern (LaunchDarkly's clause then never matches it).</summary>
    public static bool TryTranslate(string pattern, bool caseInsensitive, out string? translated, out string? error, out bool invalid) =>
        PatternTranslator.TryTranslate(pattern, re2: false, caseInsensitive, out translated, out error, out invalid);
}

/// <summary>Unleash's regular expressions: RE2 (the Node SDK's <c>re2js</c>), <c>find</c> (a search), optionally case-insensitive.</summary>
public static class Re2Pattern
{
    /// <summary>Translates into an equivalent .NET pattern, or refuses with a reason.</summary>
    public static bool TryTranslate(string pattern, bool caseInsensitive, out string? translated, out string? error) =>
        PatternTranslator.TryTranslate(pattern, re2: true, caseInsensitive, out translated, out error, out _);

    /// <summary>Translates; <paramref name="invalid"/> tells that RE2 itself rejects the pattern (Unleash's constraint then never matches).</summary>
    public static bool TryTranslate(string pattern, bool caseInsensitive, out string? translated, out string? error, out bool invalid) =>
        PatternTranslator.TryTranslate(pattern, re2: true, caseInsensitive, out translated, out error, out invalid);
}
