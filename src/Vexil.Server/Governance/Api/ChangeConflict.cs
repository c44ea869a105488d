using System.Text.Json;

namespace Vexil.Server.Governance.Api;

/// <summary>One object that moved since a change request was proposed: its ETag and state then and now.</summary>
internal sealed record ChangeConflict(string Object, string Kind, string? Environment, string Key, string? ProposedETag, string? CurrentETag, JsonElement? Proposed, JsonElement? Current);
