using System.Text.Json;
using Vexil.Server.Audit;

namespace Vexil.Server.Tests.Audit;

public sealed class AuditChangesTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void Compare_ListsChangedAddedAndRemovedPaths_AndIgnoresTheVersion()
    {
        var lines = AuditChanges.Compare(
            Json("""{"enabled":true,"version":3,"targets":[{"variation":"on","values":["a"]}],"salt":"x"}"""),
            Json("""{"enabled":false,"version":4,"targets":[{"variation":"on","values":["a","b"]}]}"""));
        Assert.Equal(
            [new AuditChange("enabled", "true", "false"), new AuditChange("salt", "\"x\"", null), new AuditChange("targets[0].values[1]", null, "\"b\"")],
            lines);
    }

    [Fact]
    public void Compare_ACreation_ShowsEveryFieldAsAdded()
    {
        var lines = AuditChanges.Compare(null, Json("""{"key":"f","tags":[]}"""));
        Assert.Equal([new AuditChange("key", null, "\"f\""), new AuditChange("tags", null, "[]")], lines);
    }
}
