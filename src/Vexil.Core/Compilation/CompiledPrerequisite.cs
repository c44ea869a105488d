using Vexil.Core.Evaluation;

namespace Vexil.Core.Compilation;

/// <summary>A prerequisite resolved to the compiled flag it names.</summary>
internal sealed class CompiledPrerequisite(CompiledFlag flag, int variation, int[]? anyOf = null)
{
    public CompiledFlag Flag { get; } = flag;

    public int Variation { get; } = variation;

    /// <summary>
    /// Met when the flag evaluates to the variation and is on (the single form), or to any of <c>anyOf</c>, on or
    /// off (the list form); never after an error.
    /// </summary>
    public bool IsMet(in EvaluationResult result)
    {
        if (result.Reason == EvaluationReason.Error)
        {
            return false;
        }

        if (anyOf is null)
        {
            return result.VariationIndex == Variation && result.Reason != EvaluationReason.Disabled;
        }

        foreach (var index in anyOf)
        {
            if (index == result.VariationIndex)
            {
                return true;
            }
        }

        return false;
    }
}
