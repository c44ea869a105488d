using Vexil.Core.Model;
using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>Replaces a segment of one environment.</summary>
internal sealed record UpdateSegment(string Environment, SegmentDefinition Segment, Precondition Base) : Change;
