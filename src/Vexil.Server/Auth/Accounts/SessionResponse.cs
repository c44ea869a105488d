namespace Vexil.Server.Auth.Accounts;

/// <summary>A working session of a person: <c>api</c> (a bearer token from <c>/api/v1/auth/login</c>) or <c>dashboard</c> (the cookie); <paramref name="Current"/> for the caller's own.</summary>
internal sealed record SessionResponse(long Id, string Kind, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, bool Current)
{
    /// <summary>The response of a stored session.</summary>
    public static SessionResponse Of(ApiTokenState s, long? current) =>
        new(s.Id, s.Kind == TokenKinds.Dashboard ? "dashboard" : "api", s.CreatedAt, s.ExpiresAt, s.Id == current);
}
