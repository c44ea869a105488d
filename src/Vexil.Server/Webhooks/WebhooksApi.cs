using System.Globalization;
using System.Security.Cryptography;
using Vexil.Events.Webhooks;
using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Environments;
using Vexil.Server.Projects;

namespace Vexil.Server.Webhooks;

/// <summary>
/// /api/v1/projects/{project}/webhooks: subscriptions to the project's flag and segment changes (docs/events.md#webhooks).
/// Administrators write, viewers read; the signing secret is shown once, in the answers to create and rotate.
/// </summary>
internal static class WebhooksApi
{

    private const int DefaultDeliveries = 100;
    private const int MaxDeliveries = 1000;

    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder project)
    {
        var group = project.MapGroup("/webhooks").WithTags("Webhooks");
        group.MapGet("/", ListAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<WebhookResponse[]>();
        group.MapPost("/", CreateAsync).RequireAuthorization(VexilPolicies.Administrator)
            .Accepts<WebhookRequest>("application/json").Produces<WebhookResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithSummary("Subscribes a receiver to the project's changes; the answer holds the signing secret, shown this once.");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<WebhookResponse>();
        group.MapPut("/{id}", UpdateAsync).RequireAuthorization(VexilPolicies.Administrator)
            .Accepts<WebhookRequest>("application/json").Produces<WebhookResponse>().ProducesValidationProblem();
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(VexilPolicies.Administrator).Produces<WebhookResponse>();
        group.MapPost("/{id}/rotate-secret", RotateAsync).RequireAuthorization(VexilPolicies.Administrator).Produces<WebhookResponse>()
            .WithSummary("Replaces the signing secret at once; the answer holds the new one, shown this once.");
        group.MapGet("/{id}/deliveries", DeliveriesAsync).RequireAuthorization(VexilPolicies.Viewer).Produces<WebhookDeliveryResponse[]>().ProducesValidationProblem()
            .WithSummary("The delivery log: the latest attempts (limit, default 100) with outcome, status code and error, oldest first.");
        return group;
    }

    private static async Task<IResult> ListAsync(string project, WebhookStore store, ProjectStore projects, CancellationToken cancellationToken)
    {
        if (await projects.GetAsync(project, cancellationToken) is null)
        {
            return WriteResults.NotFound();
        }

        var webhooks = await store.ListWebhooksAsync(project, cancellationToken);
        return TypedResults.Ok(webhooks.Select(w => WebhookResponse.From(w)).ToArray());
    }

    private static async Task<IResult> GetAsync(string project, string id, HttpContext context, WebhookStore store, CancellationToken cancellationToken)
    {
        var state = await store.GetWebhookAsync(project, id, cancellationToken);
        if (state is null)
        {
            return WriteResults.NotFound();
        }

        ETags.Set(context, state.ETag);
        return TypedResults.Ok(WebhookResponse.From(state));
    }

    private static async Task<IResult> CreateAsync(string project, HttpContext context, WebhookStore store, ProjectStore projects, EnvironmentStore environments, WebhookSecretProtector protector, WebhookDestinationPolicy destinations, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<WebhookRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var (data, errors) = await CheckAsync(project, body!, projects, environments, destinations, cancellationToken);
        if (data is null)
        {
            return errors.IsEmpty ? WriteResults.NotFound() : errors.ToResult();
        }

        var id = "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = StandardWebhookSignature.NewSecret();
        var result = await store.CreateWebhookAsync(project, id, data, protector.Protect(id, secret), SecretTokens.Hint(secret), context.WriteContext(), cancellationToken);
        return result.ToHttp(context, w => w.ETag, (w, _) => WebhookResponse.From(w, secret), created: true, location: $"/api/v1/projects/{project}/webhooks/{id}");
    }

    private static async Task<IResult> UpdateAsync(string project, string id, HttpContext context, WebhookStore store, ProjectStore projects, EnvironmentStore environments, WebhookDestinationPolicy destinations, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var (body, problem) = await JsonBody.ReadAsync<WebhookRequest>(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var (data, errors) = await CheckAsync(project, body!, projects, environments, destinations, cancellationToken);
        if (data is null)
        {
            return errors.IsEmpty ? WriteResults.NotFound() : errors.ToResult();
        }

        var result = await store.UpdateWebhookAsync(project, id, data, body!.Enabled, precondition, context.WriteContext(), cancellationToken);
        return result.ToHttp(context, w => w.ETag, (w, _) => WebhookResponse.From(w));
    }

    private static async Task<IResult> DeleteAsync(string project, string id, HttpContext context, WebhookStore store, CancellationToken cancellationToken)
    {
        if (ETags.IfMatch(context) is not { } precondition)
        {
            return ETags.PreconditionRequired();
        }

        var result = await store.DeleteWebhookAsync(project, id, precondition, context.WriteContext(), cancellationToken);
        return result.ToHttp(context, w => w.ETag, (w, _) => WebhookResponse.From(w));
    }

    private static async Task<IResult> RotateAsync(string project, string id, HttpContext context, WebhookStore store, WebhookSecretProtector protector, CancellationToken cancellationToken)
    {
        var secret = StandardWebhookSignature.NewSecret();
        var result = await store.RotateWebhookSecretAsync(project, id, protector.Protect(id, secret), SecretTokens.Hint(secret), ETags.IfMatch(context), context.WriteContext(), cancellationToken);
        return result.ToHttp(context, w => w.ETag, (w, _) => WebhookResponse.From(w, secret));
    }

    private static async Task<IResult> DeliveriesAsync(string project, string id, HttpContext context, WebhookStore store, WebhookPublisher publisher, CancellationToken cancellationToken)
    {
        var limit = DefaultDeliveries;
        var values = context.Request.Query["limit"];
        if (values.Count > 0 &&
            (values.Count > 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxDeliveries))
        {
            var errors = new ValidationErrors();
            errors.Add("limit", $"must be a whole number from 1 to {MaxDeliveries}");
            return errors.ToResult();
        }

        if (await store.GetWebhookAsync(project, id, cancellationToken) is null)
        {
            return WriteResults.NotFound();
        }

        var attempts = await publisher.GetAttemptsAsync(id, limit, cancellationToken);
        return TypedResults.Ok(attempts.Select(WebhookDeliveryResponse.From).ToArray());
    }

    /// <summary>Every problem of the body at once; the data when there is none (null data and no errors: no such project). The dashboard checks its form with it too.</summary>
    internal static async Task<(WebhookData? Data, ValidationErrors Errors)> CheckAsync(string project, WebhookRequest body, ProjectStore projects, EnvironmentStore environments, WebhookDestinationPolicy destinations, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        WebhookRules.Check(string.Empty, body.Url, body.Events, body.Description, body.Name, destinations, errors);
        if (await projects.GetAsync(project, cancellationToken) is null)
        {
            return (null, new ValidationErrors());
        }

        if (body.Environment is not null && await environments.GetAsync(project, body.Environment, cancellationToken) is null)
        {
            errors.Add("environment", "must be an environment of this project (or absent for all)");
        }

        return errors.IsEmpty ? (new WebhookData(body.Url!, body.Events!.Distinct(StringComparer.Ordinal).ToArray(), body.Environment, body.Description, body.Name, body.Enabled ?? true), errors) : (null, errors);
    }
}
