using System.Buffers;
using System.Text.Json;
using Vexil.Core.Model;
using Vexil.Core.Serialization;
using static Vexil.Core.Tests.Compilation.Incremental.Defs;

namespace Vexil.Core.Tests.Serialization;

public sealed class RulesetJsonWriteTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(2_000)]
    public void Write_GivesTheBytesOfAPlainUtf8JsonWriter_IntoAnArrayOrABufferWriter(int flags)
    {
        var definition = new RulesetDefinition("e", 9, [.. Enumerable.Range(0, flags).Select(i => Bool("flag-" + i) with { Description = new string('d', i % 300) })], [Segment("s", "u1")]);
        var plain = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(plain, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            RulesetJson.Write(writer, definition);
        }

        var written = RulesetJson.Write(definition);
        var destination = new ArrayBufferWriter<byte>(1);
        RulesetJson.Write(destination, definition);

        Assert.Equal(plain.WrittenSpan.ToArray(), written);
        Assert.Equal(written, destination.WrittenSpan.ToArray());
        Assert.Equal(written, RulesetJson.Write(RulesetJson.Read(written).Ruleset!));
    }

    [Fact]
    public void Write_Indented_ReadsBackToTheSameDocument()
    {
        var definition = new RulesetDefinition("e", 9, [Bool("a"), Bool("b", Needs("a"))], []);

        var indented = RulesetJson.Write(definition, indented: true);

        Assert.Contains((byte)'\n', indented);
        Assert.Equal(RulesetJson.Write(definition), RulesetJson.Write(RulesetJson.Read(indented).Ruleset!));
    }
}
