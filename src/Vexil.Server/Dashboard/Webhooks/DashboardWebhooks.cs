using System.Security.Cryptography;
using Vexil.Events.Webhooks;
using Vexil.Server.Dashboard.Auth;
using Vexil.Server.Storage;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Dashboard.Webhooks;

/// <summary>
/// A project's webhooks (administrators): list, create (the signing secret shown once), edit, rotate the secret,
/// delete, and the latest delivery attempts. Writes go through <see cref="WebhookStore"/> like the API's (audited), and
/// the form is checked by the API's own check, destination policy included.
/// </summary>
internal static class DashboardWebhooks
{
    private const int Deliveries = 20;

    public static void MapDashboardWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/projects/{project}/webhooks").RequireAuthorization(DashboardPolicies.Administrator).ExcludeFromDescription();
        group.MapGet("/", ListAsync);
        group.MapPost("/", CreateAsync).RequireFormToken();
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/{id}", UpdateAsync).RequireFormToken();
        group.MapPost("/{id}/rotate-secret", RotateAsync).RequireFormToken();
        group.MapPost("/{id}/delete", DeleteAsync).RequireFormToken();
    }

    private static Task<IResult> ListAsync(string project, HttpContext http, DashboardData store, WebhookStore webhooks, CancellationToken cancellationToken) =>
        ListPageAsync(http, store, webhooks, project, WebhookForm.Empty, [], null, null, cancellationToken);

    private static async Task<IResult> ListPageAsync(HttpContext http, DashboardData store, WebhookStore webhooks, string project, WebhookForm form, IReadOnlyList<string> errors, string? secret, string? created, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(http, store, project, "webhooks", cancellationToken);
        if (shell is null)
        {
            return DashboardPages.NotFound(http);
        }

        var list = await webhooks.ListWebhooksAsync(project, cancellationToken);
        var status = errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK;
        return DashboardPages.Render<Pages.WebhooksPage>(http, shell, new WebhooksModel(list, form, errors, secret, created), status);
    }

    private static async Task<IResult> CreateAsync(string project, IFormCollection posted, HttpContext http, DashboardData store, WebhookStore webhooks, WebhookSecretProtector protector, WebhookDestinationPolicy destinations, CancellationToken cancellationToken)
    {
        var form = WebhookForm.Of(posted);
        var (data, errors) = await WebhooksApi.CheckAsync(project, form.ToRequest(), store.Projects, store.Environments, destinations, cancellationToken);
        if (data is null)
        {
            return errors.IsEmpty ? DashboardPages.NotFound(http) : await ListPageAsync(http, store, webhooks, project, form, [.. errors.Messages], null, null, cancellationToken);
        }

        var id = "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = StandardWebhookSignature.NewSecret();
        var result = await webhooks.CreateWebhookAsync(project, id, data, protector.Protect(id, secret), SecretTokens.Hint(secret), DashboardPages.WriteContext(http, null), cancellationToken);
        return result.Status == WriteStatus.Ok
            ? await ListPageAsync(http, store, webhooks, project, WebhookForm.Empty, [], secret, id, cancellationToken)
            : await ListPageAsync(http, store, webhooks, project, form, [result.Detail ?? "The webhook was not created."], null, null, cancellationToken);
    }

    private static Task<IResult> GetAsync(string project, string id, string? saved, HttpContext http, DashboardData store, WebhookStore webhooks, WebhookPublisher publisher, CancellationToken cancellationToken) =>
        WebhookPageAsync(http, store, webhooks, publisher, project, id, null, [], null, saved is not null, cancellationToken);

    private static async Task<IResult> WebhookPageAsync(HttpContext http, DashboardData store, WebhookStore webhooks, WebhookPublisher publisher, string project, string id, WebhookForm? form, IReadOnlyList<string> errors, string? secret, bool saved, CancellationToken cancellationToken)
    {
        var shell = await DashboardPages.ShellAsync(http, store, project, "webhooks", cancellationToken);
        var webhook = shell is null ? null : await webhooks.GetWebhookAsync(project, id, cancellationToken);
        if (webhook is null)
        {
            return DashboardPages.NotFound(http);
        }

        var attempts = await publisher.GetAttemptsAsync(id, Deliveries, cancellationToken);
        var model = new WebhookPageModel(webhook, form ?? WebhookForm.Of(webhook.Data), [.. attempts.Reverse().Select(WebhookDeliveryResponse.From)], errors, secret, saved);
        return DashboardPages.Render<Pages.WebhookPage>(http, shell, model, errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private static async Task<IResult> UpdateAsync(string project, string id, IFormCollection posted, HttpContext http, DashboardData store, WebhookStore webhooks, WebhookPublisher publisher, WebhookDestinationPolicy destinations, CancellationToken cancellationToken)
    {
        var form = WebhookForm.Of(posted);
        var (data, errors) = await WebhooksApi.CheckAsync(project, form.ToRequest(), store.Projects, store.Environments, destinations, cancellationToken);
        if (data is null)
        {
            return errors.IsEmpty ? DashboardPages.NotFound(http) : await WebhookPageAsync(http, store, webhooks, publisher, project, id, form, [.. errors.Messages], null, false, cancellationToken);
        }

        var result = await webhooks.UpdateWebhookAsync(project, id, data, data.Enabled, new Precondition(posted["etag"].ToString()), DashboardPages.WriteContext(http, null), cancellationToken);
        return result.Status switch
        {
            WriteStatus.Ok => DashboardPages.SeeOther($"/projects/{project}/webhooks/{id}?saved=1"),
            WriteStatus.NotFound => DashboardPages.NotFound(http),
            WriteStatus.PreconditionFailed => Stale(http, project, id),
            _ => await WebhookPageAsync(http, store, webhooks, publisher, project, id, form, [result.Detail ?? "Not saved."], null, false, cancellationToken),
        };
    }

    private static async Task<IResult> RotateAsync(string project, string id, IFormCollection posted, HttpContext http, DashboardData store, WebhookStore webhooks, WebhookPublisher publisher, WebhookSecretProtector protector, CancellationToken cancellationToken)
    {
        var secret = StandardWebhookSignature.NewSecret();
        var result = await webhooks.RotateWebhookSecretAsync(project, id, protector.Protect(id, secret), SecretTokens.Hint(secret), new Precondition(posted["etag"].ToString()), DashboardPages.WriteContext(http, null), cancellationToken);
        return result.Status switch
        {
            WriteStatus.Ok => await WebhookPageAsync(http, store, webhooks, publisher, project, id, null, [], secret, false, cancellationToken),
            WriteStatus.PreconditionFailed => Stale(http, project, id),
            _ => DashboardPages.NotFound(http),
        };
    }

    private static async Task<IResult> DeleteAsync(string project, string id, IFormCollection posted, HttpContext http, WebhookStore webhooks, CancellationToken cancellationToken)
    {
        var result = await webhooks.DeleteWebhookAsync(project, id, new Precondition(posted["etag"].ToString()), DashboardPages.WriteContext(http, null), cancellationToken);
        return result.Status switch
        {
            WriteStatus.Ok => DashboardPages.SeeOther($"/projects/{project}/webhooks"),
            WriteStatus.PreconditionFailed => Stale(http, project, id),
            _ => DashboardPages.NotFound(http),
        };
    }

    private static IResult Stale(HttpContext http, string project, string id) =>
        DashboardPages.Render<Pages.MessagePage>(http, null, new MessageModel(
            "Not saved: changed by someone else",
            "This webhook was changed by someone else since you opened it, so nothing was changed. Reload the page to see the current version, then try again.",
            $"/projects/{project}/webhooks/{id}",
            "Reload the webhook",
            Alert: true), StatusCodes.Status409Conflict);
}
