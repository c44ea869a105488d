using System.Globalization;

namespace Vexil.Core.Operators;

/// <summary>
/// JavaScript's conversions between numbers and text (ECMA-262 Number::toString and StringToNumber), for the
/// operators and bucketing that reproduce LaunchDarkly's and Unleash's JavaScript SDKs. Allocation-free.
/// </summary>
public static class JsNumber
{
    /// <summary>The most characters <see cref="TryFormat"/> writes.</summary>
    public const int MaxFormattedLength = 32;

    /// <summary>Writes JavaScript's <c>String(value)</c>: shortest round-trip digits, exponent form below 1e-6 and from 1e21.</summary>
    public static bool TryFormat(double value, Span<char> destination, out int written)
    {
        written = 0;
        if (destination.Length < MaxFormattedLength)
        {
            return false;
        }

        if (double.IsNaN(value))
        {
            return Write("NaN", destination, out written);
        }

        if (value == 0)
        {
            return Write("0", destination, out written);
        }

        if (double.IsInfinity(value))
        {
            return Write(value > 0 ? "Infinity" : "-Infinity", destination, out written);
        }

        var position = 0;
        if (value < 0)
        {
            destination[position++] = '-';
            value = -value;
        }

        // .NET's "R" gives the shortest round-trip digits (as JavaScript does); lay them out as JavaScript does.
        Span<char> digits = stackalloc char[20];
        if (!ShortestDigits(value, digits, out var k, out var n))
        {
            return false;
        }

        var text = digits[..k];
        if (k <= n && n <= 21)
        {
            text.CopyTo(destination[position..]);
            position += k;
            destination.Slice(position, n - k).Fill('0');
            position += n - k;
        }
        else if (0 < n && n <= 21)
        {
            text[..n].CopyTo(destination[position..]);
            position += n;
            destination[position++] = '.';
            text[n..].CopyTo(destination[position..]);
            position += k - n;
        }
        else if (-6 < n && n <= 0)
        {
            destination[position++] = '0';
            destination[position++] = '.';
            destination.Slice(position, -n).Fill('0');
            position += -n;
            text.CopyTo(destination[position..]);
            position += k;
        }
        else
        {
            destination[position++] = text[0];
            if (k > 1)
            {
                destination[position++] = '.';
                text[1..].CopyTo(destination[position..]);
                position += k - 1;
            }

            destination[position++] = 'e';
            destination[position++] = n - 1 < 0 ? '-' : '+';
            Math.Abs(n - 1).TryFormat(destination[position..], out var exponentLength, default, CultureInfo.InvariantCulture);
            position += exponentLength;
        }

        written = position;
        return true;
    }

    /// <summary>True for a finite number with no fractional part (JavaScript's <c>Number.isInteger</c>).</summary>
    public static bool IsInteger(double value) => double.IsFinite(value) && Math.Truncate(value) == value;

    /// <summary>JavaScript's <c>Number(text)</c> for a string: NaN when the text is not a number.</summary>
    public static double Parse(ReadOnlySpan<char> text)
    {
        text = JsText.Trim(text);
        if (text.IsEmpty)
        {
            return 0;
        }

        if (text.Length > 2 && text[0] == '0' && (text[1] | 0x20) is 'x' or 'o' or 'b')
        {
            var radix = (text[1] | 0x20) switch { 'x' => 16, 'o' => 8, _ => 2 };
            return ParseRadix(text[2..], radix);
        }

        var body = text[0] is '+' or '-' ? text[1..] : text;
        if (body.SequenceEqual("Infinity"))
        {
            return text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (!IsDecimalLiteral(body))
        {
            return double.NaN;
        }

        return double.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
    }

    private static bool ShortestDigits(double value, Span<char> digits, out int count, out int exponent)
    {
        // "R" yields forms such as 123.45, 1E-07 or 1.2345E+25.
        Span<char> raw = stackalloc char[40];
        count = 0;
        exponent = 0;
        if (!value.TryFormat(raw, out var length, "R", CultureInfo.InvariantCulture))
        {
            return false;
        }

        var text = raw[..length];
        var e = text.IndexOf('E');
        var mantissa = e < 0 ? text : text[..e];
        var power = e < 0 ? 0 : int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var integerDigits = dot < 0 ? mantissa.Length : dot;
        var leadingZeros = 0;
        var seenNonZero = false;
        foreach (var c in mantissa)
        {
            if (c == '.')
            {
                continue;
            }

            if (!seenNonZero && c == '0')
            {
                leadingZeros++;
                continue;
            }

            seenNonZero = true;
            digits[count++] = c;
        }

        while (count > 1 && digits[count - 1] == '0')
        {
            count--;
        }

        // value = 0.d1…dk × 10^n
        exponent = integerDigits - leadingZeros + power;
        return count > 0;
    }

    private static bool IsDecimalLiteral(ReadOnlySpan<char> text)
    {
        var i = 0;
        var mantissaDigits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            mantissaDigits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                mantissaDigits++;
            }
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (i < text.Length && (text[i] | 0x20) == 'e')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            var exponentDigits = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                exponentDigits++;
            }

            if (exponentDigits == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static double ParseRadix(ReadOnlySpan<char> digits, int radix)
    {
        // Exact up to 128 bits, then rounded once (JavaScript rounds the exact value once).
        UInt128 exact = 0;
        double approximate = 0;
        var overflow = false;
        foreach (var c in digits)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? (c | 0x20) - 'a' + 10 : 99;
            if (digit >= radix)
            {
                return double.NaN;
            }

            overflow |= exact > (UInt128.MaxValue - (UInt128)digit) / (UInt128)radix;
            exact = overflow ? exact : (exact * (UInt128)radix) + (UInt128)digit;
            approximate = (approximate * radix) + digit;
        }

        return overflow ? approximate : (double)exact;
    }

    private static bool Write(string text, Span<char> destination, out int written)
    {
        text.CopyTo(destination);
        written = text.Length;
        return true;
    }
}
