using Vexil.Core.Model;
using Vexil.Server.Flags;

namespace Vexil.Server.FlagsAsCode;

/// <summary>
/// A flags-as-code file: every flag of one environment (its spec and this environment's targeting) and every segment
/// of it, in Core's model. On disk it is the native format's flag and segment objects, each flag with its
/// <c>name</c> (and <c>expectedLifetimeDays</c>) and without versions (docs/cli.md#flags-as-code-export-and-apply).
/// Optional sections, left alone when a file leaves them out: the environment's <see cref="Webhooks"/> and its
/// <see cref="Settings"/> (change policy, permissions, client keys' origins).
/// </summary>
internal sealed record FlagsFile(
    string? Project,
    string? Environment,
    IReadOnlyList<FlagsFileFlag> Flags,
    IReadOnlyList<SegmentDefinition> Segments,
    IReadOnlyList<FlagsFileWebhook>? Webhooks = null,
    FlagsFileSettings? Settings = null)
{
    public const int FormatVersion = 1;
}

/// <summary>One flag of a flags file: its spec and its targeting in the file's environment.</summary>
internal sealed record FlagsFileFlag(FlagSpec Spec, FlagTargeting Targeting);
