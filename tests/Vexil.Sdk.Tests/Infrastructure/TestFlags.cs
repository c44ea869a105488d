namespace Vexil.Sdk.Tests.Infrastructure;

/// <summary>Flag documents in the native format, for the test server and test data.</summary>
public static class TestFlags
{
    public static string Boolean(string key, bool on) =>
        $$$"""{"key":"{{{key}}}","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"enabled":true,"offVariation":"off","fallthrough":{"variation":"{{{(on ? "on" : "off")}}}"}}""";

    public static string String(string key, string value) =>
        $$$"""{"key":"{{{key}}}","type":"string","variations":[{"key":"v","value":"{{{value}}}"}],"enabled":true,"fallthrough":{"variation":"v"}}""";

    /// <summary>On for authenticated users (the <c>authenticated</c> attribute), off for everyone else.</summary>
    public static string SignedInOnly(string key) =>
        $$$"""
        {"key":"{{{key}}}","type":"boolean","variations":[{"key":"on","value":true},{"key":"off","value":false}],"enabled":true,"offVariation":"off",
         "rules":[{"id":"signed-in","clauses":[{"attribute":"authenticated","operator":"in","values":[true]}],"serve":{"variation":"on"}}],
         "fallthrough":{"variation":"off"}}
        """;

    /// <summary>Valid JSON, but not a valid flag (no variations, no fallthrough).</summary>
    public static string Invalid(string key) => $$$"""{"key":"{{{key}}}","type":"boolean","enabled":true}""";

    public static string Ruleset(long version, params string[] flags) =>
        $$$"""{"formatVersion":1,"environment":"test","version":{{{version}}},"flags":[{{{string.Join(',', flags)}}}],"segments":[]}""";
}
