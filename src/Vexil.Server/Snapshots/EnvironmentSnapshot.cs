using Vexil.Core.Evaluation;
using Vexil.Core.Model;
using Vexil.Core.Serialization;

namespace Vexil.Server.Snapshots;

/// <summary>
/// One environment at one version, compiled: what delivery (<c>/sdk/v1/ruleset</c>), OFREP and the dashboard serve, and
/// what the next write is validated against. Immutable; replaced whole when the environment moves. The native
/// document is written once per version, on first use.
/// </summary>
internal sealed class EnvironmentSnapshot
{
    private byte[]? _document;
    private Dictionary<string, FlagDefinition>? _flags;

    public EnvironmentSnapshot(long environmentId, RulesetDefinition definition, CompiledRuleset compiled)
    {
        EnvironmentId = environmentId;
        Definition = definition;
        Compiled = compiled;
    }

    public long EnvironmentId { get; }

    public long Version => Compiled.Version;

    public string Environment => Compiled.Environment;

    /// <summary>What the environment holds, as Core's model.</summary>
    public RulesetDefinition Definition { get; }

    /// <summary>The compiled ruleset, ready to evaluate.</summary>
    public CompiledRuleset Compiled { get; }

    /// <summary>A flag's definition in this environment, or null.</summary>
    public FlagDefinition? Flag(string key) =>
        (_flags ??= Definition.Flags.ToDictionary(f => f.Key, StringComparer.Ordinal)).GetValueOrDefault(key);

    /// <summary>The whole ruleset in the native format (canonical, compact, UTF-8), written on first use.</summary>
    public byte[] Document => _document ??= RulesetJson.Write(Definition);
}
