namespace Vexil.Core.Tests.Compilation.Incremental.Generation;

/// <summary>
/// A tape of random numbers read one choice at a time. CsCheck generates and shrinks the tape; every choice made
/// from it is small when the number is small and the empty tape reads as zeros, so a shrunk tape is a smaller
/// scenario (fewer flags, fewer changes, no breakage) — the choices depend on the state, the tape does not.
/// </summary>
internal sealed class Choices(int[] tape)
{
    private int _next;

    /// <summary>A number in [0, <paramref name="bound"/>).</summary>
    public int Next(int bound)
    {
        var value = _next < tape.Length ? tape[_next] : 0;
        _next++;
        return bound <= 1 ? 0 : value % bound;
    }

    /// <summary>True with the given probability in percent (false when the tape is exhausted).</summary>
    public bool Chance(int percent) => Next(100) >= 100 - percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Up to <paramref name="max"/> distinct items.</summary>
    public List<T> Some<T>(IReadOnlyList<T> items, int max)
    {
        var result = new List<T>();
        var count = Next(max + 1);
        for (var i = 0; i < count; i++)
        {
            var item = Pick(items);
            if (!result.Contains(item))
            {
                result.Add(item);
            }
        }

        return result;
    }
}
