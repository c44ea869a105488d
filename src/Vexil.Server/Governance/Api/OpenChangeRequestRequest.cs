using System.Text.Json;

namespace Vexil.Server.Governance.Api;

/// <summary>POST …/change-requests (a title, a description, the changes) and PATCH …/change-requests/{id} (any of them).</summary>
internal sealed record OpenChangeRequestRequest(string? Title, string? Description, JsonElement? Changes);
