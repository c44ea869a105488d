using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Server.Snapshots;

/// <summary>
/// One environment at one version, compiled: what delivery (<c>/sdk/v1/ruleset</c>), OFREP and the dashboard serve, and
/// what the next write is validated against. Immutable; replaced whole when the environment moves (the next one shares
/// every unchanged flag with this one). The native document is written once per version, on first use.
/// </summary>
internal sealed class EnvironmentSnapshot(long environmentId, CompiledRuleset compiled)
{
    private RulesetDefinition? _definition;
    private byte[]? _document;

    public long EnvironmentId { get; } = environmentId;

    public long Version => Compiled.Version;

    public string Environment => Compiled.Environment;

    /// <summary>The compiled ruleset, ready to evaluate; it keeps the definitions it was compiled from.</summary>
    public CompiledRuleset Compiled { get; } = compiled;

    /// <summary>What the environment holds, as Core's model, flags and segments ordered by key (built on first use).</summary>
    public RulesetDefinition Definition => _definition ??= Compiled.ToDefinition();

    /// <summary>A flag's definition in this environment, or null.</summary>
    public FlagDefinition? Flag(string key) => Compiled.GetDefinition(key);

    /// <summary>The whole ruleset in the native format (canonical, compact, UTF-8), written on first use.</summary>
    public byte[] Document => _document ??= RulesetJson.Write(Definition);
}
