using Microsoft.AspNetCore.Mvc;
using Vexil.Server.Auth;
using Vexil.Server.Auth.Accounts;
using Vexil.Server.Storage;

namespace Vexil.Server.Dashboard.Auth;

/// <summary>/reset-password: where an administrator's one-time reset link leads; the token stays in the form, the new password is set once.</summary>
internal static class DashboardResetPassword
{
    public static void MapDashboardResetPassword(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reset-password", (HttpContext context, string? token) =>
            DashboardPages.Render<Pages.ResetPasswordPage>(context, null, new ResetPasswordModel(null, token ?? string.Empty)))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/reset-password", ResetAsync).AllowAnonymous().RequireFormToken().ExcludeFromDescription();
    }

    private static async Task<IResult> ResetAsync(HttpContext context, [FromForm] string? token, [FromForm] string? password, AuthStore store, PasswordHasher hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        if (password is null || password.Length < Passwords.MinimumLength)
        {
            return DashboardPages.Render<Pages.ResetPasswordPage>(context, null, new ResetPasswordModel($"The password must be at least {Passwords.MinimumLength} characters.", token ?? string.Empty), StatusCodes.Status400BadRequest);
        }

        var status = await ResetLinks.UseAsync(store, hasher, time, token, password, new WriteContext("reset-link", context.TraceIdentifier, "dashboard"), cancellationToken);
        return status == WriteStatus.Ok
            ? DashboardPages.Render<Pages.MessagePage>(context, null, new MessageModel("Password set", "Your new password is set and your other sessions are signed out.", "/signin", "Sign in"))
            : DashboardPages.Render<Pages.MessagePage>(context, null, new MessageModel("Link not usable", ResetLinks.UnusableDetail, "/signin", "Sign in", Alert: true), StatusCodes.Status410Gone);
    }
}

/// <summary>The reset form: an error after a refused attempt, and the link's token.</summary>
internal sealed record ResetPasswordModel(string? Error, string Token);
