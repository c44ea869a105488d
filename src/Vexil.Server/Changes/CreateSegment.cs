using Vexil.Core.Model;

namespace Vexil.Server.Changes;

/// <summary>Creates a segment in one environment.</summary>
internal sealed record CreateSegment(string Environment, SegmentDefinition Segment) : Change;
