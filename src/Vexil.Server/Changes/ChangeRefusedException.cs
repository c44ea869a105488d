using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>A change that cannot be recorded (missing, stale, conflicting): the whole change set is rolled back.</summary>
internal sealed class ChangeRefusedException(WriteStatus status, string detail, string path = "") : Exception(detail)
{
    public WriteStatus Status { get; } = status;

    public string Path { get; } = path;
}
