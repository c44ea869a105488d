namespace Vexil.Sdk.Status;

/// <summary>Where a client's rules stand.</summary>
public enum VexilState
{
    /// <summary>No rules from the source yet (a cached ruleset may already serve).</summary>
    Initializing,

    /// <summary>Rules are current: a live stream, a recent successful poll, a file or test data.</summary>
    Ready,

    /// <summary>Rules are served but the source cannot be reached; the client keeps trying.</summary>
    Stale,

    /// <summary>The client has stopped trying (the key was refused, or it was disposed); the last rules still serve.</summary>
    Offline,
}
