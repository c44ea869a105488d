using Vexil.Core.Model;

namespace Vexil.Core.Evaluation;

/// <summary>A compiled flag and the definition it was compiled from (null for flags of other formats).</summary>
internal readonly record struct CompiledFlagEntry(CompiledFlag Flag, FlagDefinition? Definition);
