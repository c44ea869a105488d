using Vexil.Core.Model;

namespace Vexil.Server.Segments;

/// <summary>A segment of one environment as stored (Core's model; its version is the environment version at which it last changed).</summary>
internal sealed record SegmentState(string ProjectKey, string EnvironmentKey, SegmentDefinition Segment, long Revision)
{
    public string ETag => $"\"s{Revision}\"";

    public long Version => Segment.Version;
}
