using Vexil.Core.Compilation.Clauses;

namespace Vexil.Core.Compilation;

/// <summary>A compiled flag rule.</summary>
internal sealed class CompiledRule(string id, Clause[] clauses, CompiledServe serve)
{
    public string Id { get; } = id;

    public Clause[] Clauses { get; } = clauses;

    public CompiledServe Serve { get; } = serve;
}
