using Vexil.Server.Storage;

namespace Vexil.Server.Auth.Oidc;

/// <summary>
/// A person the provider <see cref="Provider"/> vouched for: its issuer and subject (the link to a Vexil account), the
/// name a new account would take, the role their claims give now, and the project it is limited to, if any.
/// </summary>
internal sealed record ExternalSignIn(string Provider, string Issuer, string Subject, string Username, Role Role, string? Project);
