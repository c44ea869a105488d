namespace Vexil.Server.Changes;

/// <summary>What recording a change did to its object.</summary>
internal enum ChangeEffect
{
    Created,
    Updated,
    Unchanged,
    Deleted,
}
