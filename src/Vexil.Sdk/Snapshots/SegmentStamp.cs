namespace Vexil.Sdk.Snapshots;

/// <summary>A segment's key and version: enough to tell whether segments changed between two snapshots.</summary>
internal readonly record struct SegmentStamp(string Key, long Version);
