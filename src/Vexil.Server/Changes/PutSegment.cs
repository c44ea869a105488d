using Vexil.Core.Model;

namespace Vexil.Server.Changes;

/// <summary>Makes a segment of one environment match a desired state: created when missing, updated when different, else left alone.</summary>
internal sealed record PutSegment(string Environment, SegmentDefinition Segment) : Change;
