namespace Vexil.Server.Flags.Import;

/// <summary>What an import did (or, dry, would do) to each flag, and the environment's version after it.</summary>
internal sealed record ImportOutcome(IReadOnlyList<string> Created, IReadOnlyList<string> Updated, IReadOnlyList<string> Unchanged, long EnvironmentVersion);
