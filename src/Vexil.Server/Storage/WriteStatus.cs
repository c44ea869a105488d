namespace Vexil.Server.Storage;

/// <summary>How a write ended.</summary>
internal enum WriteStatus
{
    Ok,
    NotFound,
    PreconditionFailed,
    Conflict,
    Invalid,
}
