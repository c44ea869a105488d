using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Unicode;

namespace Vexil.Core.Serialization;

/// <summary>
/// Finds text in a JSON document that is not Unicode: a string or property name holding bytes that are not UTF-8, or
/// a <c>\u</c> escape of a lone surrogate (<c>"\ud800"</c>). System.Text.Json parses such a document, but reading that
/// string throws, and writing it back fails; so every reader of untrusted JSON checks first and reports the path.
/// </summary>
public static class JsonUnicode
{
    /// <summary>The validation message for such a string, after its path.</summary>
    public const string Problem = "is not valid Unicode text (a lone surrogate escape or bytes that are not UTF-8)";

    /// <summary>Lenient on purpose: a document this cannot read is the parser's to report, not this check's.</summary>
    internal static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 1024 };

    /// <summary>
    /// Finds the first string or property name that is not valid Unicode. Allocates nothing when there is none.
    /// A malformed document finds nothing (the parser reports it).
    /// </summary>
    /// <param name="utf8Json">The document, UTF-8.</param>
    /// <param name="path">The JSON path of the string (<c>variations[0].value</c>), or of the object whose property name it is; <c>""</c> for the root.</param>
    /// <returns>True when such text was found.</returns>
    public static bool TryFindInvalidText(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out string? path)
    {
        var at = FindInvalid(new Utf8JsonReader(utf8Json, Options));
        path = at < 0 ? null : PathTo(new Utf8JsonReader(utf8Json, Options), at);
        return path is not null;
    }

    /// <inheritdoc cref="TryFindInvalidText(ReadOnlySpan{byte}, out string?)"/>
    public static bool TryFindInvalidText(in ReadOnlySequence<byte> utf8Json, [NotNullWhen(true)] out string? path)
    {
        var at = FindInvalid(new Utf8JsonReader(utf8Json, Options));
        path = at < 0 ? null : PathTo(new Utf8JsonReader(utf8Json, Options), at);
        return path is not null;
    }

    /// <summary>The start of the first string token that is not Unicode, or -1.</summary>
    private static long FindInvalid(Utf8JsonReader reader) => Find(reader, numbers: false);

    /// <summary>The start of the first string that is not Unicode (or, with <paramref name="numbers"/>, number that is not finite), or -1.</summary>
    internal static long Find(Utf8JsonReader reader, bool numbers)
    {
        try
        {
            while (reader.Read())
            {
                if (numbers
                    ? reader.TokenType == JsonTokenType.Number && !(reader.TryGetDouble(out var value) && double.IsFinite(value))
                    : reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !IsUnicode(ref reader))
                {
                    return reader.TokenStartIndex;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed: the parser will say where.
        }

        return -1;
    }

    private static bool IsUnicode(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return Utf8.IsValid(reader.ValueSpan);
        }

        // Escapes (or a value split across segments): let the reader unescape and transcode it, as GetString would.
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        char[]? rented = null;
        Span<char> buffer = length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            reader.CopyString(buffer);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Reads again up to the token at <paramref name="position"/>, keeping the path (only when something was found).</summary>
    internal static string PathTo(Utf8JsonReader reader, long position)
    {
        var frames = new List<Frame>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when reader.TokenStartIndex == position:
                    frames[^1].Name = null; // the name itself: the path of its object
                    return Build(frames);
                case JsonTokenType.PropertyName:
                    frames[^1].Name = reader.GetString();
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    continue;
            }

            if (frames.Count > 0 && frames[^1].IsArray)
            {
                frames[^1].Index++;
            }

            if (reader.TokenStartIndex == position)
            {
                return Build(frames);
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
            }
        }

        return string.Empty;
    }

    private static string Build(List<Frame> frames)
    {
        var path = string.Empty;
        foreach (var frame in frames)
        {
            path = frame.IsArray ? JsonPath.Index(path, frame.Index)
                : frame.Name is null ? path
                : JsonPath.Property(path, frame.Name);
        }

        return path;
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Name { get; set; }
    }
}
