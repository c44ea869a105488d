namespace Vexil.Server.Changes;

/// <summary>What a <see cref="ChangeBase"/> names: a flag's spec, its targeting in one environment, a segment, an environment, the project.</summary>
internal enum ChangeBaseKind
{
    Flag,
    Targeting,
    Segment,
    Environment,
    Project,
}
