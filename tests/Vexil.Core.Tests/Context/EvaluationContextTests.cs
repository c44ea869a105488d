using System.Text.Json;
using Vexil.Core.Context;

namespace Vexil.Core.Tests.Context;

public sealed class EvaluationContextTests
{
    [Fact]
    public void FromJson_ReadsTargetingKeyAndAttributesOfEveryType()
    {
        using var json = JsonDocument.Parse("""{"targetingKey":"u1","n":1.5,"b":true,"s":"x","l":[1,"a"],"o":{"p":{"q":"deep"}},"z":null}""");

        var context = EvaluationContext.FromJson(json.RootElement);

        Assert.Equal("u1", context.TargetingKey);
        Assert.Equal(1.5, context.Attributes["n"].AsNumber);
        Assert.True(context.Attributes["b"].AsBoolean);
        Assert.Equal("x", context.Attributes["s"].AsString);
        Assert.Equal(2, context.Attributes["l"].AsList.Length);
        Assert.Equal(ContextValueKind.Null, context.Attributes["z"].Kind);
        Assert.Equal("deep", AttributePath.Parse("o.p.q").Resolve(context).AsString);
        Assert.True(AttributePath.Parse("o.p.missing").Resolve(context).IsMissing);
        Assert.True(AttributePath.Parse("s.p").Resolve(context).IsMissing);
    }

    [Theory]
    [InlineData("[]", "The evaluation context must be a JSON object.")]
    [InlineData("""{"targetingKey":5}""", "The targetingKey of an evaluation context must be a string.")]
    public void FromJson_InvalidContext_ThrowsAClearFormatException(string json, string message)
    {
        using var document = JsonDocument.Parse(json);

        var error = Assert.Throws<FormatException>(() => EvaluationContext.FromJson(document.RootElement));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("""{"targetingKey":"\ud800"}""", "targetingKey")]
    [InlineData("""{"targetingKey":"u","email":"a\udc00"}""", "email")]
    [InlineData("""{"targetingKey":"u","org":{"tags":["x","\ud800"]}}""", "org.tags[1]")]
    [InlineData("""{"targetingKey":"u","org":{"\ud800":1}}""", "org")]
    public void FromJson_TextThatIsNotUnicode_ThrowsAFormatExceptionNamingThePath(string json, string path)
    {
        using var document = JsonDocument.Parse(json);

        var error = Assert.Throws<FormatException>(() => EvaluationContext.FromJson(document.RootElement));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid Unicode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_RawBytesThatAreNotUtf8_ThrowFormatException()
    {
        using var document = JsonDocument.Parse((byte[])[.. "{\"targetingKey\":\"a"u8, 0xFF, .. "\"}"u8]);

        Assert.Throws<FormatException>(() => EvaluationContext.FromJson(document.RootElement));
    }

    [Fact]
    public void FromJson_NestedTooDeeply_ThrowsFormatException()
    {
        using var document = JsonDocument.Parse("{\"deep\":" + new string('[', 40) + new string(']', 40) + "}");

        var error = Assert.Throws<FormatException>(() => EvaluationContext.FromJson(document.RootElement));

        Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Builder_ManyAttributes_AreAllFoundAndLaterSetsWin()
    {
        var builder = EvaluationContext.CreateBuilder("k");
        for (var i = 0; i < 500; i++)
        {
            builder.Set("attr" + i, i);
        }

        builder.Set("attr7", "replaced");
        var context = builder.Build();

        Assert.Equal(500, context.Attributes.Count);
        for (var i = 0; i < 500; i++)
        {
            Assert.True(context.TryGetAttribute("attr" + i, out var value));
            Assert.Equal(i == 7 ? ContextValueKind.String : ContextValueKind.Number, value.Kind);
        }

        Assert.False(context.TryGetAttribute("attr500", out _));
    }

    [Fact]
    public void Builder_IsIndependentOfContextsItBuilt()
    {
        var builder = EvaluationContext.CreateBuilder("k").Set("a", 1);
        var first = builder.Build();

        builder.Set("a", 2).TargetingKey("other");

        Assert.Equal(1, first.Attributes["a"].AsNumber);
        Assert.Equal("k", first.TargetingKey);
    }

    [Fact]
    public void TargetingKeyAttribute_ReadsTheKey_AndEmptyKeyMeansNone()
    {
        var context = EvaluationContext.CreateBuilder(string.Empty).Set("targetingKey", "via-attribute").Build();

        Assert.Equal("via-attribute", context.TargetingKey);
        Assert.Null(EvaluationContext.CreateBuilder(string.Empty).Build().TargetingKey);
        Assert.Equal("via-attribute", AttributePath.TargetingKey.Resolve(context).AsString);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("a..b")]
    public void AttributePath_EmptySegments_AreRejected(string text) => Assert.False(AttributePath.TryParse(text, out _));
}
