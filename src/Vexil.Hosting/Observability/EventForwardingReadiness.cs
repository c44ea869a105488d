namespace Vexil.Hosting.Observability;

/// <summary>
/// An edge's event spool on the readiness report: what waits to be forwarded, whether it is full (new batches get
/// 503), what was refused and dropped since start, and when the upstream last accepted a batch.
/// </summary>
internal sealed record EventForwardingReadiness(
    long SpooledBatches,
    long SpooledBytes,
    bool Full,
    long Refused,
    long Dropped,
    int ConsecutiveFailures,
    DateTimeOffset? LastForwardedAt);
