using Vexil.Server.Api;
using Vexil.Server.Storage;

namespace Vexil.Server.Auth.Accounts;

/// <summary>
/// Administrators manage accounts: list, change the role, disable, enable, delete (the audit trail stays), list and revoke an account's
/// sessions, issue a one-time reset link. The last enabled administrator and one's own account cannot be disabled or deleted.
/// </summary>
internal static class AccountsApi
{
    public static void MapAccountsApi(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/accounts").WithTags("Auth").RequireAuthorization(VexilPolicies.Administrator).AddEndpointFilter<GlobalScopeFilter>();
        accounts.MapGet("/", ListAsync).Produces<AccountResponse[]>();
        accounts.MapPost("/{username}/disable", (string username, HttpContext context, AuthStore store, CancellationToken ct) => SetDisabledAsync(username, true, context, store, ct))
            .Produces<AccountResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        accounts.MapPost("/{username}/enable", (string username, HttpContext context, AuthStore store, CancellationToken ct) => SetDisabledAsync(username, false, context, store, ct))
            .Produces<AccountResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        accounts.MapPut("/{username}/role", SetRoleAsync).Accepts<SetRoleRequest>("application/json")
            .Produces<AccountResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Changes an account's role; its sessions end, so the next sign-in carries the new role.");
        accounts.MapDelete("/{username}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        accounts.MapGet("/{username}/sessions", ListSessionsAsync).Produces<SessionResponse[]>();
        accounts.MapDelete("/{username}/sessions/{id:long}", RevokeSessionAsync).ProducesProblem(StatusCodes.Status404NotFound);
        accounts.MapPost("/{username}/password-reset", IssueResetLinkAsync).Produces<ResetLinkResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(AuthStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAccountsAsync(cancellationToken)).Select(AccountResponse.Of).ToArray());

    private static async Task<IResult> SetDisabledAsync(string username, bool disabled, HttpContext context, AuthStore store, CancellationToken cancellationToken)
    {
        if (disabled && username == context.User.AccountOf())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: "You cannot disable your own account.");
        }

        var result = await store.SetAccountDisabledAsync(username, disabled, context.WriteContext(), cancellationToken);
        return result.Status switch
        {
            WriteStatus.Ok => TypedResults.Ok(AccountResponse.Of(result.Value!)),
            WriteStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: "The last enabled administrator cannot be disabled."),
            _ => WriteResults.NotFound("No such account."),
        };
    }

    private static async Task<IResult> SetRoleAsync(string username, HttpContext context, AuthStore store, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<SetRoleRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var role = AuthStore.ParseRole(body!.Role);
        if (role is null)
        {
            var errors = new ValidationErrors();
            errors.Add("role", "must be viewer, editor or administrator");
            return errors.ToResult();
        }

        if (username == context.User.AccountOf() && role != Role.Administrator)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: "You cannot lower your own role.");
        }

        var result = await store.SetAccountRoleAsync(username, role.Value, context.WriteContext(), cancellationToken);
        return result.Status switch
        {
            WriteStatus.Ok => TypedResults.Ok(AccountResponse.Of(result.Value!)),
            WriteStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: "The last enabled administrator must stay an administrator."),
            _ => WriteResults.NotFound("No such account."),
        };
    }

    private static async Task<IResult> DeleteAsync(string username, HttpContext context, AuthStore store, CancellationToken cancellationToken)
    {
        if (username == context.User.AccountOf())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: "You cannot delete your own account.");
        }

        var result = await store.DeleteAccountAsync(username, context.WriteContext(), cancellationToken);
        return result.Status switch
        {
            WriteStatus.Ok => TypedResults.NoContent(),
            WriteStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: "The last enabled administrator cannot be deleted."),
            _ => WriteResults.NotFound("No such account."),
        };
    }

    private static async Task<IResult> ListSessionsAsync(string username, HttpContext context, AuthStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAccountAsync(username, cancellationToken) is null)
        {
            return WriteResults.NotFound("No such account.");
        }

        var current = context.User.SessionOf();
        return TypedResults.Ok((await store.ListSessionsAsync(username, cancellationToken)).Select(s => SessionResponse.Of(s, current)).ToArray());
    }

    private static async Task<IResult> RevokeSessionAsync(string username, long id, HttpContext context, AuthStore store, CancellationToken cancellationToken) =>
        await store.RevokeSessionAsync(username, id, context.WriteContext(), cancellationToken) ? TypedResults.NoContent() : WriteResults.NotFound("The account has no such session.");

    private static async Task<IResult> IssueResetLinkAsync(string username, HttpContext context, AuthStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var token = SecretTokens.New(SecretTokens.ResetPrefix);
        var expires = time.GetUtcNow() + ResetLinks.Lifetime;
        var result = await store.IssueResetLinkAsync(username, SecretTokens.Hash(token), expires, context.WriteContext(), cancellationToken);
        return result.Status == WriteStatus.Ok
            ? TypedResults.Created($"/api/v1/accounts/{Uri.EscapeDataString(username)}", new ResetLinkResponse(username, ResetLinks.Url(context.Request, token), token, expires))
            : WriteResults.NotFound("No such enabled account.");
    }
}
