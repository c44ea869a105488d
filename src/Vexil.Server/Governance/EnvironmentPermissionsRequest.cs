namespace Vexil.Server.Governance;

/// <summary>PUT …/environments/{e}/permissions: what editors and administrators may do there (<c>read</c>, <c>propose</c> or <c>write</c>).</summary>
internal sealed record EnvironmentPermissionsRequest(string? Editor, string? Administrator);
