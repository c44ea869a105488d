namespace Vexil.Server.Changes;

/// <summary>
/// What one change did: its effect, the object's state after it (a <c>FlagState</c>, <c>EnvironmentFlagState</c>,
/// <c>SegmentState</c>, <c>ProjectState</c> or <c>EnvironmentState</c>; before it, for a deletion), and the fields that
/// differed (for a <see cref="PutFlag"/> or <see cref="PutSegment"/>).
/// </summary>
internal sealed record ChangeResult(Change Change, ChangeEffect Effect, object? State, IReadOnlyList<string> Fields);
