using Vexil.Core.Evaluation;

namespace Vexil.Sdk.Snapshots;

/// <summary>A compiled flag and the position of its counters: counter <c>Offset</c> counts evaluations without a variation, <c>Offset + 1 + i</c> variation <c>i</c>.</summary>
internal sealed class FlagSlot(CompiledFlag flag, int offset)
{
    public CompiledFlag Flag { get; } = flag;

    public int Offset { get; } = offset;
}
