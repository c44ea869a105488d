using Vexil.Server.Storage;

namespace Vexil.Server.Auth.Oidc;

/// <summary>What a person's claims give them: a role, limited to a project's key when <see cref="Project"/> is set.</summary>
internal sealed record OidcGrant(Role Role, string? Project);
