namespace Vexil.Server.Environments.Api;

/// <summary>What changed after a version: apply in order to reach <c>version</c>.</summary>
internal sealed record ChangesResponse(long Since, long Version, IReadOnlyList<ChangeEntry> Changes, bool More);
