using Vexil.Core.Evaluation;

namespace Vexil.Core.Compilation;

/// <summary>A prerequisite resolved to the compiled flag it names.</summary>
internal sealed class CompiledPrerequisite(CompiledFlag flag, int variation)
{
    public CompiledFlag Flag { get; } = flag;

    public int Variation { get; } = variation;
}
