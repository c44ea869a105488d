using System.Collections.Frozen;
using Vexil.Core.Context;

namespace Vexil.Core.Compilation;

/// <summary>
/// Targets of contexts of a kind, in order (docs/flag-format.md#context-kinds): the first whose kind the context has
/// and whose keys hold that kind's key decides.
/// </summary>
internal sealed class KindedTargets(string[] kinds, FrozenSet<string>[] keys, int[] variations)
{
    public int Count => kinds.Length;

    /// <summary>The index of the first matching target, or -1.</summary>
    public int Find(EvaluationContext context)
    {
        for (var i = 0; i < kinds.Length; i++)
        {
            if (ContextKinds.TryGetKind(context, kinds[i], out var view) && view.Key is { } key && keys[i].Contains(key))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The variation of a target found by <see cref="Find"/>.</summary>
    public int Variation(int index) => variations[index];
}
