namespace Vexil.Server.Storage;

/// <summary>How a write ended.</summary>
internal enum WriteStatus
{
    Ok,
    NotFound,
    PreconditionFailed,
    Conflict,
    Invalid,

    /// <summary>An environment the write reaches has a change policy: nothing was written; the write waits for review as a change request (<see cref="WriteResult{T}.Proposal"/>, when one was opened).</summary>
    Held,

    /// <summary>The caller may not take this step (a reviewer without an approving role, an author approving their own change).</summary>
    Forbidden,
}
