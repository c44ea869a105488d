namespace Vexil.Server.Changes;

/// <summary>What a recorded change set did, change by change, in order.</summary>
internal sealed record ChangeOutcome(IReadOnlyList<ChangeResult> Results)
{
    /// <summary>The state the <paramref name="index"/>th change left.</summary>
    public T State<T>(int index = 0) => (T)Results[index].State!;
}
