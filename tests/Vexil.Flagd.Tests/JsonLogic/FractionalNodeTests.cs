namespace Vexil.Flagd.Tests.JsonLogic;

/// <summary>flagd's fractional: what yields null, as flagd-core does.</summary>
public sealed class FractionalNodeTests
{
    [Theory]
    [InlineData("""{"fractional":[["a",1]]}""", """{"targetingKey":"u1"}""", "\"a\"")]
    [InlineData("""{"fractional":[["a",1]]}""", "{}", "null")]
    [InlineData("""{"fractional":["key",["a",1.5]]}""", "{}", "null")]
    [InlineData("""{"fractional":["key",["a",0],["b",0]]}""", "{}", "null")]
    [InlineData("""{"fractional":["key",["a",-1],["b",1]]}""", "{}", "\"b\"")]
    [InlineData("""{"fractional":["key",[true,1]]}""", "{}", "true")]
    [InlineData("""{"fractional":["key",[null,1]]}""", "{}", "null")]
    [InlineData("""{"fractional":["key",[{"var":"v"},1]]}""", """{"v":{"o":1}}""", "null")]
    [InlineData("""{"fractional":[{"var":"n"},["a",1]]}""", """{"n":5}""", "null")]
    [InlineData("""{"fractional":["key",["a",2147483647],["b",1]]}""", "{}", "null")]
    [InlineData("""{"fractional":["key","not-a-bucket"]}""", "{}", "null")]
    [InlineData("""{"fractional":[]}""", "{}", "null")]
    public void Fractional_Inputs_YieldTheVariantOrNull(string logic, string context, string expected) =>
        Assert.Equal(expected, JsonLogicEvaluator.Evaluate(logic, context));
}
