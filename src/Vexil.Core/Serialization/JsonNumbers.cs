using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Vexil.Core.Serialization;

/// <summary>
/// Finds a number in a JSON document that a double cannot hold (<c>1e999</c>): valid JSON, but strict parsers refuse
/// the whole document and others read infinity, so a flag value or clause value holding one is refused with its path.
/// </summary>
public static class JsonNumbers
{
    /// <summary>The validation message for such a number, after its path.</summary>
    public const string Problem = "is a number out of range: it must fit a double-precision number (at most about 1.8e308)";

    /// <summary>Finds the first number that is not a finite double. A malformed document finds nothing.</summary>
    /// <param name="utf8Json">The document, UTF-8.</param>
    /// <param name="path">The JSON path of the number (<c>variations[0].value.size</c>).</param>
    /// <returns>True when such a number was found.</returns>
    public static bool TryFindNonFinite(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out string? path)
    {
        var at = JsonUnicode.Find(new Utf8JsonReader(utf8Json, JsonUnicode.Options), numbers: true);
        path = at < 0 ? null : JsonUnicode.PathTo(new Utf8JsonReader(utf8Json, JsonUnicode.Options), at);
        return path is not null;
    }
}
