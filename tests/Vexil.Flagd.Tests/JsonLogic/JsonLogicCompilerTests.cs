namespace Vexil.Flagd.Tests.JsonLogic;

/// <summary>The standard JsonLogic operators, compiled once and evaluated with JavaScript's semantics.</summary>
public sealed class JsonLogicCompilerTests
{
    [Theory]
    [InlineData("""{"var":"a"}""", """{"a":1}""", "1")]
    [InlineData("""{"var":"a.b"}""", """{"a":{"b":"x"}}""", "\"x\"")]
    [InlineData("""{"var":["a.b"]}""", """{"a":{"b":"x"}}""", "\"x\"")]
    [InlineData("""{"var":"a.1"}""", """{"a":[5,6]}""", "6")]
    [InlineData("""{"var":["missing","dflt"]}""", "{}", "\"dflt\"")]
    [InlineData("""{"var":"missing"}""", "{}", "null")]
    [InlineData("""{"var":"targetingKey"}""", """{"targetingKey":"u1"}""", "\"u1\"")]
    [InlineData("""{"var":"$flagd.flagKey"}""", "{}", "\"flag\"")]
    [InlineData("""{"var":{"cat":["a",".b"]}}""", """{"a":{"b":2}}""", "2")]
    public void Var_ReadsTheContext(string logic, string context, string expected) =>
        Assert.Equal(expected, JsonLogicEvaluator.Evaluate(logic, context));

    [Theory]
    [InlineData("""{"==":[1,"1"]}""", "true")]
    [InlineData("""{"==":[0,false]}""", "true")]
    [InlineData("""{"==":[null,null]}""", "true")]
    [InlineData("""{"==":[null,0]}""", "false")]
    [InlineData("""{"===":[1,"1"]}""", "false")]
    [InlineData("""{"===":[1,1]}""", "true")]
    [InlineData("""{"!=":[1,"1"]}""", "false")]
    [InlineData("""{"!==":[1,"1"]}""", "true")]
    [InlineData("""{"<":[1,2]}""", "true")]
    [InlineData("""{"<":[1,2,3]}""", "true")]
    [InlineData("""{"<":[1,3,3]}""", "false")]
    [InlineData("""{"<=":[1,3,3]}""", "true")]
    [InlineData("""{">":["b","a"]}""", "true")]
    [InlineData("""{">=":[2,"2"]}""", "true")]
    [InlineData("""{">":["x",1]}""", "false")]
    [InlineData("""{"<":[{"var":"absent"},1]}""", "true")]
    [InlineData("""{"==":[{"var":"absent"},null]}""", "true")]
    public void Comparisons_FollowJavaScript(string logic, string expected) =>
        Assert.Equal(expected, JsonLogicEvaluator.Evaluate(logic));

    [Theory]
    [InlineData("""{"!":[0]}""", "true")]
    [InlineData("""{"!":[[]]}""", "true")]
    [InlineData("""{"!":[[[]]]}""", "false")]
    [InlineData("""{"!!":["0"]}""", "true")]
    [InlineData("""{"!!":[""]}""", "false")]
    [InlineData("""{"and":[1,"a",0,2]}""", "0")]
    [InlineData("""{"and":[1,"a"]}""", "\"a\"")]
    [InlineData("""{"or":[0,"",3]}""", "3")]
    [InlineData("""{"or":[0,""]}""", "\"\"")]
    [InlineData("""{"if":[true,"yes","no"]}""", "\"yes\"")]
    [InlineData("""{"if":[false,"yes","no"]}""", "\"no\"")]
    [InlineData("""{"if":[false,"a",true,"b","c"]}""", "\"b\"")]
    [InlineData("""{"if":[false,"a"]}""", "null")]
    [InlineData("""{"?:":[0,"a","b"]}""", "\"b\"")]
    public void Logic_UsesTruthiness(string logic, string expected) =>
        Assert.Equal(expected, JsonLogicEvaluator.Evaluate(logic));

    [Theory]
    [InlineData("""{"in":["Spring","Springfield"]}""", "true")]
    [InlineData("""{"in":["b",["a","b"]]}""", "true")]
    [InlineData("""{"in":["1",[1,2]]}""", "false")]
    [InlineData("""{"cat":["I love ",3.5," pies",null]}""", "\"I love 3.5 pies\"")]
    [InlineData("""{"substr":["jsonlogic",4]}""", "\"logic\"")]
    [InlineData("""{"substr":["jsonlogic",-5]}""", "\"logic\"")]
    [InlineData("""{"substr":["jsonlogic",1,3]}""", "\"son\"")]
    [InlineData("""{"substr":["jsonlogic",4,-2]}""", "\"log\"")]
    [InlineData("""{"starts_with":["abcdef","abc"]}""", "true")]
    [InlineData("""{"ends_with":["abcdef","abc"]}""", "false")]
    [InlineData("""{"ends_with":[123,"3"]}""", "null")]
    [InlineData("""{"starts_with":["abc"]}""", "null")]
    public void Strings_MatchAndSlice(string logic, string expected) =>
        Assert.Equal(expected, JsonLogicEvaluator.Evaluate(logic));

    [Theory]
    [InlineData("""{"+":[1,"2",3]}""", "6")]
    [InlineData("""{"-":[5,2]}""", "3")]
    [InlineData("""{"-":[2]}""", "-2")]
    [InlineData("""{"*":[2,3,4]}""", "24")]
    [InlineData("""{"/":[6,4]}""", "1.5")]
    [InlineData("""{"%":[7,4]}""", "3")]
    [InlineData("""{"min":[3,1,2]}""", "1")]
    [InlineData("""{"max":[3,1,2]}""", "3")]
    [InlineData("""{"/":[1,0]}""", "null")]
    public void Arithmetic_ComputesNumbers(string logic, string expected) =>
        Assert.Equal(expected, JsonLogicEvaluator.Evaluate(logic));

    [Theory]
    [InlineData("""{"merge":[[1,2],3,[4]]}""", "{}", "[1,2,3,4]")]
    [InlineData("""{"missing":["a","b"]}""", """{"a":1}""", "[\"b\"]")]
    [InlineData("""{"missing":{"merge":["a","b"]}}""", """{"b":""}""", "[\"a\",\"b\"]")]
    [InlineData("""{"missing_some":[1,["a","b"]]}""", """{"a":1}""", "[]")]
    [InlineData("""{"missing_some":[2,["a","b"]]}""", """{"a":1}""", "[\"b\"]")]
    [InlineData("""{"map":[[1,2],{"*":[{"var":""},2]}]}""", "{}", "[2,4]")]
    [InlineData("""{"filter":[[1,2,3],{">":[{"var":""},1]}]}""", "{}", "[2,3]")]
    [InlineData("""{"reduce":[[1,2,3],{"+":[{"var":"current"},{"var":"accumulator"}]},10]}""", "{}", "16")]
    [InlineData("""{"all":[[1,2],{">":[{"var":""},0]}]}""", "{}", "true")]
    [InlineData("""{"all":[[],{">":[{"var":""},0]}]}""", "{}", "false")]
    [InlineData("""{"some":[[1,2],{">":[{"var":""},1]}]}""", "{}", "true")]
    [InlineData("""{"none":[[1,2],{">":[{"var":""},1]}]}""", "{}", "false")]
    [InlineData("""{"in":[{"var":"a"},[{"var":"b"},"z"]]}""", """{"a":"y","b":"y"}""", "true")]
    public void Arrays_BuildAndIterate(string logic, string context, string expected) =>
        Assert.Equal(expected, JsonLogicEvaluator.Evaluate(logic, context));

    [Theory]
    [InlineData("""{"sem_ver":["1.2.3","=","1.2.3"]}""", "true")]
    [InlineData("""{"sem_ver":["v1.2.3","=","1.2.3+build"]}""", "true")]
    [InlineData("""{"sem_ver":["1.2.3-alpha","<","1.2.3"]}""", "true")]
    [InlineData("""{"sem_ver":["1.10.0",">","1.9.0"]}""", "true")]
    [InlineData("""{"sem_ver":["1.2","!=","1.2.0"]}""", "false")]
    [InlineData("""{"sem_ver":["3.0.9","~","3.0.0"]}""", "true")]
    [InlineData("""{"sem_ver":["3.1.0","~","3.0.0"]}""", "false")]
    [InlineData("""{"sem_ver":["3.9.0","^","3.0.0"]}""", "true")]
    [InlineData("""{"sem_ver":[2,">=","1.1"]}""", "true")]
    [InlineData("""{"sem_ver":["1.0.0.0","=","1.0.0"]}""", "null")]
    [InlineData("""{"sem_ver":["1.0.0","===","1.0.0"]}""", "null")]
    [InlineData("""{"sem_ver":["1.0.0","="]}""", "null")]
    public void SemVer_ComparesVersions(string logic, string expected) =>
        Assert.Equal(expected, JsonLogicEvaluator.Evaluate(logic));

    [Fact]
    public void FlagdTimestamp_ReadsTheClockAtEvaluation()
    {
        var clock = new Conformance.FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        Assert.Equal("1700000000", JsonLogicEvaluator.Evaluate("""{"var":"$flagd.timestamp"}""", timeProvider: clock));
    }

    [Theory]
    [InlineData("""{"if":[{"foo":[1]},"a","b"]}""", "targeting.if[0]: unknown operator 'foo'")]
    [InlineData("""{"a":1,"b":2}""", "targeting: an operation must have exactly one key, found 'a' and 'b'")]
    [InlineData("""{"$ref":"nope"}""", "targeting.$ref: no evaluator named 'nope' in $evaluators")]
    [InlineData("""{"and":[true,{"$ref":5}]}""", "targeting.and[1].$ref: $ref must name an evaluator")]
    public void Compile_InvalidExpression_ReportsThePath(string logic, string expected) =>
        Assert.Equal(expected, Assert.Single(JsonLogicEvaluator.Errors(logic)).ToString());

    [Fact]
    public void Compile_NestedTooDeeply_ReportsAnError()
    {
        var logic = string.Concat(Enumerable.Repeat("""{"!":""", 80)) + "true" + new string('}', 80);
        Assert.Contains("nested more than", Assert.Single(JsonLogicEvaluator.Errors(logic)).Message, StringComparison.Ordinal);
    }
}
