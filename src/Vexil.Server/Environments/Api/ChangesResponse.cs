namespace Vexil.Server.Environments.Api;

/// <summary>What changed after a version: apply in order to reach <see cref="Version"/>.</summary>
internal sealed record ChangesResponse(long Since, long Version, IReadOnlyList<ChangeEntry> Changes, bool More);
