using System.Text;
using System.Text.Json;
using CsCheck;

namespace Vexil.Testing.Fuzzing;

/// <summary>
/// Inputs for the parsers that read untrusted JSON: valid seed documents changed by a few mutations, some aware of
/// the JSON's structure (a value or a property name replaced by an interesting one, or by a value of another seed,
/// removed, duplicated or wrapped), some not (bytes flipped, inserted, deleted, the document cut short). Generated
/// by CsCheck, so a failing input is shrunk and its seed printed for replay.
/// </summary>
public static class JsonMutator
{
    /// <summary>Values that parsers get wrong: limits, wrong kinds, text that is not Unicode, deep nesting.</summary>
    public static readonly string[] Interesting =
    [
        "null", "true", "false", "0", "-0", "-1", "1", "2", "1.5", "-1.5", "100000", "100001", "2147483648", "-2147483649",
        "9007199254740993", "1e308", "1e999", "-1e999", "1e-400", "0.30000000000000004",
        "\"\"", "\" \"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\\ude00\"", "\"é\"", "\"鍵\"",
        "\"" + new string('x', 300) + "\"", "\"" + new string('y', 70_000) + "\"",
        "\"on\"", "\"off\"", "\"in\"", "\"matches\"", "\"semVerEqual\"", "\"fractional\"", "\"*\"", "\"$ref\"", "\"../x\"",
        "\"2026-13-45T25:61:00Z\"", "\"2026-12-07T00:00:00Z\"", "\"1.2.3\"", "\"(a+)+$\"", "\"[\"", "\"user.email\"", "\"/a/b\"",
        "[]", "{}", "[null]", "[[]]", "{\"\":null}", "[\"a\",\"a\"]", "[1,\"1\",true,null,{}]",
        new string('[', 70) + new string(']', 70), new string('[', 20) + new string(']', 20),
        "{\"a\":1,\"a\":2}",
    ];

    /// <summary>Property names the readers look for, to build documents that reach deeper.</summary>
    public static readonly string[] Names =
    [
        "key", "flags", "segments", "variations", "value", "rules", "clauses", "serve", "rollout", "weights", "variation",
        "fallthrough", "offVariation", "targets", "values", "prerequisites", "included", "excluded", "attribute", "operator",
        "negate", "bucketBy", "seed", "enabled", "version", "id", "kind", "contextKind", "context", "targetingKey",
        "summaries", "count", "start", "end", "state", "variants", "defaultVariant", "targeting", "$evaluators",
        "features", "strategies", "constraints", "parameters", "dependencies", "on", "formatVersion", "", "__proto__", "a",
    ];

    /// <summary>Seeds changed by 0 to 6 mutations.</summary>
    public static Gen<byte[]> Inputs(IReadOnlyList<byte[]> seeds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(seeds.Count);
        var mutation = Gen.Select(Gen.Int[0, 11], Gen.Int[0, int.MaxValue], Gen.Int[0, 64], Gen.Int[0, int.MaxValue], (kind, where, length, pick) => new Mutation(kind, where, length, pick));
        return Gen.Select(Gen.Int[0, seeds.Count - 1], mutation.Array[0, 6], (seed, mutations) => Apply(seeds, seed, mutations));
    }

    /// <summary>The input as text for a failure's message, cut to a readable length.</summary>
    public static string Print(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        return text.Length <= 2_000 ? text : text[..2_000] + $"… ({input.Length} bytes)";
    }

    /// <summary>Reads the seed files of a folder (and its subfolders) whose names end with <paramref name="pattern"/>.</summary>
    public static List<byte[]> Files(string folder, string pattern = "*.json") =>
        [.. Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    private static byte[] Apply(IReadOnlyList<byte[]> seeds, int seed, Mutation[] mutations)
    {
        var bytes = seeds[seed];
        foreach (var m in mutations)
        {
            bytes = Apply(bytes, seeds, m);
        }

        return bytes;
    }

    private static byte[] Apply(byte[] bytes, IReadOnlyList<byte[]> seeds, Mutation m)
    {
        if (bytes.Length == 0)
        {
            return Encoding.UTF8.GetBytes(Interesting[m.Pick % Interesting.Length]);
        }

        var at = m.Where % bytes.Length;
        switch (m.Kind)
        {
            case 0 or 1 or 2:
                {
                    var values = Spans(bytes, names: false);
                    return values.Count == 0 ? bytes : Replace(bytes, values[m.Where % values.Count], Encoding.UTF8.GetBytes(Interesting[m.Pick % Interesting.Length]));
                }

            case 3:
                {
                    var values = Spans(bytes, names: false);
                    var donor = seeds[m.Pick % seeds.Count];
                    var donorValues = Spans(donor, names: false);
                    if (values.Count == 0 || donorValues.Count == 0)
                    {
                        return bytes;
                    }

                    var (start, length) = donorValues[(m.Pick / 7) % donorValues.Count];
                    return Replace(bytes, values[m.Where % values.Count], donor.AsSpan(start, length).ToArray());
                }

            case 4:
                {
                    var names = Spans(bytes, names: true);
                    return names.Count == 0 ? bytes : Replace(bytes, names[m.Where % names.Count], Encoding.UTF8.GetBytes("\"" + Names[m.Pick % Names.Length] + "\""));
                }

            case 5:
                {
                    // A value removed with the comma before it, or duplicated after it: arrays and objects change size.
                    var values = Spans(bytes, names: false);
                    if (values.Count == 0)
                    {
                        return bytes;
                    }

                    var (start, length) = values[m.Where % values.Count];
                    if (m.Pick % 2 == 0)
                    {
                        var from = start > 0 && bytes[start - 1] == (byte)',' ? start - 1 : start;
                        return [.. bytes.AsSpan(0, from), .. bytes.AsSpan(start + length)];
                    }

                    return [.. bytes.AsSpan(0, start + length), (byte)',', .. bytes.AsSpan(start, length), .. bytes.AsSpan(start + length)];
                }

            case 6:
                {
                    var values = Spans(bytes, names: false);
                    if (values.Count == 0)
                    {
                        return bytes;
                    }

                    var span = values[m.Where % values.Count];
                    var value = bytes.AsSpan(span.Start, span.Length);
                    byte[] wrapped = m.Pick % 2 == 0 ? [(byte)'[', .. value, (byte)']'] : [.. "{\"value\":"u8, .. value, (byte)'}'];
                    return Replace(bytes, span, wrapped);
                }

            case 7:
                {
                    var copy = (byte[])bytes.Clone();
                    copy[at] ^= (byte)(1 << (m.Pick % 8));
                    return copy;
                }

            case 8:
                return [.. bytes.AsSpan(0, at), .. Encoding.UTF8.GetBytes(Interesting[m.Pick % Interesting.Length]), .. bytes.AsSpan(at)];

            case 9:
                return [.. bytes.AsSpan(0, at), .. bytes.AsSpan(Math.Min(bytes.Length, at + m.Length + 1))];

            case 10:
                return bytes[..at];

            default:
                return [.. bytes.AsSpan(0, at), (byte)(m.Pick % 256), .. bytes.AsSpan(at)];
        }
    }

    private static byte[] Replace(byte[] bytes, (int Start, int Length) span, byte[] with) =>
        [.. bytes.AsSpan(0, span.Start), .. with, .. bytes.AsSpan(span.Start + span.Length)];

    /// <summary>The byte ranges of the values (or the property names) of a document, as far as it is valid JSON.</summary>
    private static List<(int Start, int Length)> Spans(byte[] bytes, bool names)
    {
        var spans = new List<(int, int)>();
        var starts = new Stack<int>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 512, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        starts.Push(start);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        var open = starts.Pop();
                        if (!names)
                        {
                            spans.Add((open, (int)reader.BytesConsumed - open));
                        }

                        break;
                    case JsonTokenType.PropertyName:
                        if (names)
                        {
                            spans.Add((start, StringEnd(bytes, start) - start));
                        }

                        break;
                    case JsonTokenType.String:
                        if (!names)
                        {
                            spans.Add((start, StringEnd(bytes, start) - start));
                        }

                        break;
                    default:
                        if (!names)
                        {
                            spans.Add((start, reader.ValueSpan.Length));
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Mutated documents are often not JSON any more; the spans read so far still serve.
        }

        return spans;
    }

    /// <summary>The index just past the closing quote of the string starting at <paramref name="quote"/>.</summary>
    private static int StringEnd(byte[] bytes, int quote)
    {
        for (var i = quote + 1; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\\')
            {
                i++;
            }
            else if (bytes[i] == (byte)'"')
            {
                return i + 1;
            }
        }

        return bytes.Length;
    }

    private readonly record struct Mutation(int Kind, int Where, int Length, int Pick);
}
