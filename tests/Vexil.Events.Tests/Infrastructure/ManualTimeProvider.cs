namespace Vexil.Events.Tests.Infrastructure;

/// <summary>A clock that moves only when told (no timers: for code that only reads the time).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
