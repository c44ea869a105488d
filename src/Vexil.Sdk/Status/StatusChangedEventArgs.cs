namespace Vexil.Sdk.Status;

/// <summary>A client's status changed.</summary>
public sealed class StatusChangedEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    public StatusChangedEventArgs(VexilStatus status) => Status = status;

    /// <summary>The new status.</summary>
    public VexilStatus Status { get; }
}
