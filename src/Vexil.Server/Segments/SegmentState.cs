namespace Vexil.Server.Segments;

/// <summary>A segment as stored.</summary>
internal sealed record SegmentState(string ProjectKey, string EnvironmentKey, SegmentData Data, long Revision, long Version)
{
    public string ETag => $"\"s{Revision}\"";
}
