using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>Deletes a segment of one environment (refused while a flag uses it).</summary>
internal sealed record DeleteSegment(string Environment, string Segment, Precondition Base) : Change;
