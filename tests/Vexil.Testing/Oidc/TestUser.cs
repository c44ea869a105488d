namespace Vexil.Testing.Oidc;

/// <summary>A user of the test provider: name (the subject), password, groups (the <c>groups</c> claim).</summary>
public sealed record TestUser(string Name, string Password, IReadOnlyList<string> Groups, string? Email = null);
