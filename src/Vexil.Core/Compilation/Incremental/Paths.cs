using Vexil.Core.Serialization;

namespace Vexil.Core.Compilation.Incremental;

/// <summary>The JSON paths of a change's items, as the delivery protocol's <c>change</c> event writes them.</summary>
internal static class Paths
{
    public static string UpsertFlag(int index) => JsonPath.Index("flags.upsert", index);

    public static string DeleteFlag(int index) => JsonPath.Index("flags.delete", index);

    public static string UpsertSegment(int index) => JsonPath.Index("segments.upsert", index);

    public static string DeleteSegment(int index) => JsonPath.Index("segments.delete", index);
}
