namespace Vexil.Server.Auth.Oidc;

/// <summary>
/// A person whose <see cref="Claim"/> has the value <see cref="Value"/> (one of its values, for a list such as
/// <c>groups</c>) gets <see cref="Role"/>, limited to <see cref="Project"/> when one is named.
/// </summary>
internal sealed record OidcRoleMapping
{
    /// <summary>The claim to look at; <c>groups</c> unless named.</summary>
    public string Claim { get; init; } = "groups";

    /// <summary>The value to match, exactly (ordinal).</summary>
    public string? Value { get; init; }

    /// <summary><c>viewer</c>, <c>editor</c> or <c>administrator</c>.</summary>
    public string? Role { get; init; }

    /// <summary>A project's key: the role then holds in that project only (API and CLI sessions; the dashboard needs an unlimited role).</summary>
    public string? Project { get; init; }
}
