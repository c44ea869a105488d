using System.Buffers;
using System.Text;
using System.Text.Json;
using Vexil.Core.Serialization;

namespace Vexil.Core.Tests.Serialization;

public sealed class JsonUnicodeTests
{
    /// <summary>Bytes of a JSON document: ASCII text with <c>%XX</c> for raw bytes.</summary>
    private static byte[] Bytes(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%')
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return [.. bytes];
    }

    [Theory]
    [InlineData("""{"a":"plain","b":["é","日本"]}""")]
    [InlineData("""{"smile":"\ud83d\ude00","escaped":"\u00e9\n\t\"\\"}""")]
    [InlineData("{\"raw\":\"%F0%9F%98%80\"}")]
    [InlineData("""{"\ud83d\ude00":1}""")]
    [InlineData("[1,true,null,\"x\"]")]
    public void ValidText_FindsNothing(string json)
    {
        Assert.False(JsonUnicode.TryFindInvalidText(Bytes(json), out var path));
        Assert.Null(path);
        using var _ = JsonDocument.Parse(Bytes(json)); // and the parser agrees it is JSON
    }

    [Theory]
    [InlineData("""{"a":"\ud800"}""", "a")]
    [InlineData("""{"a":"x\udc00y"}""", "a")]
    [InlineData("""{"a":"\ude00\ud83d"}""", "a")]
    [InlineData("""{"a":"\ud83dx"}""", "a")]
    [InlineData("""{"a":"\ud83d\u0041"}""", "a")]
    [InlineData("{\"a\":\"%FF\"}", "a")]
    [InlineData("{\"a\":\"%C0%AF\"}", "a")]
    [InlineData("{\"a\":\"%ED%A0%80\"}", "a")]
    [InlineData("{\"a\":\"%E6%97\"}", "a")]
    [InlineData("{\"a\":\"\\n%FF\"}", "a")]
    [InlineData("""{"ok":"x","list":[1,{"b":"\ud800"}]}""", "list[1].b")]
    [InlineData("""{"list":[[],["x","\ud800"]]}""", "list[1][1]")]
    [InlineData("""{"o":{"\ud800":1}}""", "o")]
    [InlineData("{\"o\":{\"ok\":1,\"%FF\":2}}", "o")]
    [InlineData("""{"\ud800":1}""", "")]
    [InlineData("\"\\ud800\"", "")]
    [InlineData("""[{"a":1},{"a":"\udfff"}]""", "[1].a")]
    public void InvalidText_IsFound_WithItsPath(string json, string expected)
    {
        var bytes = Bytes(json);

        Assert.True(JsonUnicode.TryFindInvalidText(bytes, out var path));
        Assert.Equal(expected, path);
        Assert.True(JsonUnicode.TryFindInvalidText(new ReadOnlySequence<byte>(bytes), out var fromSequence));
        Assert.Equal(expected, fromSequence);
    }

    [Fact]
    public void InvalidText_IsWhatSystemTextJsonCannotRead()
    {
        using var document = JsonDocument.Parse(Bytes("""{"a":"\ud800"}"""));

        Assert.Throws<InvalidOperationException>(() => document.RootElement.GetProperty("a").GetString());
    }

    [Fact]
    public void LongEscapedString_IsChecked_BeyondTheStackBuffer()
    {
        var valid = "{\"a\":\"" + string.Concat(Enumerable.Repeat("\\u00e9", 500)) + "\"}";
        var invalid = "{\"a\":\"" + string.Concat(Enumerable.Repeat("\\u00e9", 500)) + "\\ud800\"}";

        Assert.False(JsonUnicode.TryFindInvalidText(Bytes(valid), out _));
        Assert.True(JsonUnicode.TryFindInvalidText(Bytes(invalid), out var path));
        Assert.Equal("a", path);
    }

    [Fact]
    public void StringSplitAcrossSegments_IsChecked()
    {
        var bytes = Bytes("{\"a\":\"ok\",\"b\":\"%E6%97%A5%FF\"}");
        var sequence = Segments(bytes, splitAt: 16);

        Assert.True(JsonUnicode.TryFindInvalidText(sequence, out var path));
        Assert.Equal("b", path);
        Assert.False(JsonUnicode.TryFindInvalidText(Segments(Bytes("{\"b\":\"%E6%97%A5\"}"), splitAt: 8), out _));
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("not json")]
    [InlineData("")]
    public void MalformedJson_FindsNothing_TheParserReportsIt(string json) =>
        Assert.False(JsonUnicode.TryFindInvalidText(Bytes(json), out _));

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int splitAt)
    {
        var first = new Segment(bytes.AsMemory(0, splitAt), 0);
        var last = first.Append(bytes.AsMemory(splitAt));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
