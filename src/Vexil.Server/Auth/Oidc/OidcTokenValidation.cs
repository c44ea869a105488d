using System.Security.Claims;

namespace Vexil.Server.Auth.Oidc;

/// <summary>A checked ID token: its claims, or why it was refused (a phrase for the problem's detail).</summary>
internal sealed record OidcTokenValidation(ClaimsPrincipal? User, string? Error);
