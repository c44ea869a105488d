namespace Vexil.Server.Storage.Postgres;

/// <summary>Whether <see cref="PostgresVersionListener"/>'s <c>LISTEN</c> connection is up (it caught up after connecting), and since when.</summary>
internal sealed class PostgresListenerState(TimeProvider time)
{
    private volatile Snapshot _current = new(false, time.GetUtcNow(), "not connected yet");

    public Snapshot Current => _current;

    public void Listening() => _current = new Snapshot(true, time.GetUtcNow(), null);

    public void Lost(string reason) => _current = _current.Listening || _current.Reason is null ? new Snapshot(false, time.GetUtcNow(), reason) : _current with { Reason = reason };

    /// <summary>The state and the moment it began; the last failure while down.</summary>
    public sealed record Snapshot(bool Listening, DateTimeOffset Since, string? Reason);
}
