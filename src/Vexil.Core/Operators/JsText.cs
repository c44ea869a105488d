using System.Globalization;
using System.Text;

namespace Vexil.Core.Operators;

/// <summary>
/// JavaScript's string operations that the imported vendors' SDKs rely on: <c>trim</c> (ECMA-262 white space and
/// line terminators) and <c>toLowerCase</c> (Unicode default case conversion, with the unconditional mapping of
/// U+0130 and the Final_Sigma rule, as V8 applies them outside the Turkic and Lithuanian locales).
/// </summary>
public static class JsText
{
    /// <summary>JavaScript's <c>String.prototype.trim</c>.</summary>
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>True for ECMA-262 WhiteSpace or LineTerminator.</summary>
    public static bool IsWhiteSpace(char c) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u00A0' or '\u1680' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' or '\uFEFF' => true,
        >= '\u2000' and <= '\u200A' => true,
        _ => false,
    };

    /// <summary>The most characters <c>ToLower</c> writes for a text of the given length.</summary>
    public static int MaxLowerLength(int length) => length * 2;

    /// <summary>Writes JavaScript's <c>text.toLowerCase()</c> into <paramref name="destination"/> (at least <see cref="MaxLowerLength"/> long).</summary>
    public static int ToLower(ReadOnlySpan<char> text, Span<char> destination)
    {
        var written = 0;
        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text[index..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                destination[written++] = text[index++];
                continue;
            }

            if (rune.Value == 0x0130)
            {
                destination[written++] = 'i';
                destination[written++] = '\u0307';
            }
            else if (rune.Value == 0x03A3)
            {
                destination[written++] = IsFinalSigma(text, index) ? '\u03C2' : '\u03C3';
            }
            else
            {
                written += Rune.ToLowerInvariant(rune).EncodeToUtf16(destination[written..]);
            }

            index += consumed;
        }

        return written;
    }

    /// <summary>JavaScript's <c>toLowerCase</c> as a new string (for compile time).</summary>
    public static string ToLower(string text)
    {
        var buffer = new char[MaxLowerLength(text.Length)];
        return new string(buffer, 0, ToLower(text, buffer));
    }

    // Unicode's Final_Sigma: a cased letter before (skipping case-ignorables) and none after.
    private static bool IsFinalSigma(ReadOnlySpan<char> text, int index)
    {
        var before = false;
        for (var i = index - 1; i >= 0; i--)
        {
            if (IsCaseIgnorable(text[i]))
            {
                continue;
            }

            before = IsCased(text[i]);
            break;
        }

        if (!before)
        {
            return false;
        }

        for (var i = index + 1; i < text.Length; i++)
        {
            if (IsCaseIgnorable(text[i]))
            {
                continue;
            }

            return !IsCased(text[i]);
        }

        return true;
    }

    private static bool IsCased(char c) => char.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(char c) =>
        c is '\'' or '.' or ':' or '\u00B7' or '\u2018' or '\u2019' or '\u2024' or '\uFE52' or '\uFF07' or '\uFF0E' or '\u00AD'
        || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
}
