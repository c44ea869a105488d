using System.Text.Json;

namespace Vexil.Flagd.Tests.Conformance;

/// <summary>One evaluation case of the flagd testbed's flattened-cases.json.</summary>
public sealed record TestbedCase(
    string Id,
    string FlagsFile,
    string FlagKey,
    string Type,
    JsonElement Default,
    JsonElement Context,
    JsonElement Expect,
    IReadOnlyList<string> Tags)
{
    public static TestbedCase FromJson(JsonElement element) => new(
        element.GetProperty("id").GetString()!,
        element.GetProperty("flagsFile").GetString()!,
        element.GetProperty("flagKey").GetString()!,
        element.GetProperty("type").GetString()!,
        element.GetProperty("default").Clone(),
        element.GetProperty("context").Clone(),
        element.GetProperty("expect").Clone(),
        [.. element.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)]);
}
