using System.Text.Json;
using Vexil.Server.Dashboard.Audit;

namespace Vexil.Server.Tests.Dashboard;

public sealed class JsonDiffTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void Compare_ListsChangedAddedAndRemovedPaths_AndIgnoresTheVersion()
    {
        var lines = JsonDiff.Compare(
            Json("""{"enabled":true,"version":3,"targets":[{"variation":"on","values":["a"]}],"salt":"x"}"""),
            Json("""{"enabled":false,"version":4,"targets":[{"variation":"on","values":["a","b"]}]}"""));
        Assert.Equal(
            [new DiffLine("enabled", "true", "false"), new DiffLine("salt", "\"x\"", null), new DiffLine("targets[0].values[1]", null, "\"b\"")],
            lines);
    }

    [Fact]
    public void Compare_ACreation_ShowsEveryFieldAsAdded()
    {
        var lines = JsonDiff.Compare(null, Json("""{"key":"f","tags":[]}"""));
        Assert.Equal([new DiffLine("key", null, "\"f\""), new DiffLine("tags", null, "[]")], lines);
    }
}
