namespace Vexil.Testing.Fuzzing;

/// <summary>Inputs a fuzz property tried and how many its parser accepted, counted across CsCheck's threads.</summary>
public sealed class FuzzCounts
{
    private long _tried;
    private long _accepted;

    public long Tried => Interlocked.Read(ref _tried);

    public long Accepted => Interlocked.Read(ref _accepted);

    public void Count(bool accepted)
    {
        Interlocked.Increment(ref _tried);
        if (accepted)
        {
            Interlocked.Increment(ref _accepted);
        }
    }
}
