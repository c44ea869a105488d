using Vexil.Core.Model;

namespace Vexil.Core.Compilation;

/// <summary>A compiled segment and the definition it was compiled from.</summary>
internal readonly record struct CompiledSegmentEntry(CompiledSegment Segment, SegmentDefinition Definition);
