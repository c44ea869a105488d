using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Vexil.Hosting.Auth;

/// <summary>
/// Authentication for roles that accept exactly the keys they were configured with (the edge, <c>vexil serve</c>):
/// reads the key from <c>Authorization: Bearer</c> or <c>X-API-Key</c>, asks the role who the key is, and answers
/// 401/403 as RFC 7807 problem details. A subclass supplies only the lookup and its wording.
/// </summary>
/// <remarks>
/// A plain <see cref="IAuthenticationHandler"/>, like the control plane's <c>VexilAuthenticationHandler</c>: it runs on every OFREP
/// and delivery request, and the framework's base class cost a logger, an options lookup and a lock per request. One
/// instance serves one request; its result is computed once.
/// </remarks>
internal abstract class ConfiguredKeyAuthenticationHandler(IProblemDetailsService problems) : IAuthenticationHandler
{
    /// <summary>The header SDKs may use for their key instead of <c>Authorization</c>.</summary>
    public const string ApiKeyHeader = "X-API-Key";

    private HttpContext? _context;
    private AuthenticationScheme? _scheme;
    private Task<AuthenticateResult>? _result;

    /// <summary>The failure message for a key that is not accepted.</summary>
    protected abstract string RejectedKeyMessage { get; }

    /// <summary>The 401 detail: what credential is required.</summary>
    protected abstract string ChallengeDetail { get; }

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _scheme = scheme;
        _context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync() => _result ??= Task.FromResult(Authenticate());

    public Task ChallengeAsync(AuthenticationProperties? properties) => AuthProblems.WriteAsync(problems, Context, StatusCodes.Status401Unauthorized, ChallengeDetail);

    public Task ForbidAsync(AuthenticationProperties? properties) => AuthProblems.WriteAsync(problems, Context, StatusCodes.Status403Forbidden, AuthProblems.ForbiddenDetail);

    /// <summary>The claims of the caller holding <paramref name="secret"/>, or null when the key is not accepted.</summary>
    protected abstract IReadOnlyList<Claim>? Identify(string secret);

    private HttpContext Context => _context ?? throw new InvalidOperationException("The handler was not initialized.");

    private AuthenticateResult Authenticate()
    {
        var request = Context.Request;
        string? header = request.Headers.Authorization;
        string? secret = null;
        if (!string.IsNullOrEmpty(header) && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = header["Bearer ".Length..].Trim();
        }
        else if (request.Headers[ApiKeyHeader] is { Count: > 0 } apiKey)
        {
            secret = apiKey.ToString().Trim();
        }

        if (secret is null)
        {
            return string.IsNullOrEmpty(header) ? AuthenticateResult.NoResult() : AuthenticateResult.Fail("Only bearer credentials are accepted.");
        }

        if (Identify(secret) is not { } claims)
        {
            return AuthenticateResult.Fail(RejectedKeyMessage);
        }

        var scheme = _scheme!.Name;
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, scheme)), scheme));
    }
}
