using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Vexil.Core.Serialization;
using Vexil.Events.Webhooks;
using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Environments;
using Vexil.Server.Flags;
using Vexil.Server.Governance;
using Vexil.Server.Snapshots;
using Vexil.Server.Storage;
using Vexil.Server.Webhooks;

namespace Vexil.Server.FlagsAsCode;

/// <summary>
/// Flags as code: <c>GET …/environments/{environment}/export</c> gives every flag (spec and this environment's
/// targeting) and segment of an environment, its webhooks and its settings (change policy, permissions and — for
/// administrators — client keys' origins) as a flags file; <c>POST …/environments/{environment}/apply</c> makes the
/// environment match a flags file in one change set — one transaction, all or nothing — creating what is missing,
/// updating what differs, leaving alone what matches and never deleting what the file leaves out (a section the file
/// leaves out is left alone). <c>dryRun=true</c> runs exactly the same checks and validation and changes nothing.
/// Changing a setting or webhook is an administrator's act: an editor may apply a file whose settings already match.
/// </summary>
internal static class FlagsAsCodeApi
{
    /// <summary>A file of 10,000 flags is about 8 MiB; this bound is above the API's general body limit on purpose.</summary>
    public const int MaxFileBytes = 32 * 1024 * 1024;

    public static RouteGroupBuilder MapFlagsAsCodeApi(this RouteGroupBuilder project)
    {
        project.MapGet("/environments/{environment}/export", ExportAsync).WithTags("Flags as code")
            .RequireAuthorization(VexilPolicies.Viewer)
            .WithSummary("The environment's flags and segments as a flags-as-code file.");
        project.MapPost("/environments/{environment}/apply", ApplyAsync).WithTags("Flags as code")
            .RequireAuthorization(VexilPolicies.Editor)
            .Accepts<object>("application/json").Produces<ApplyResponse>().ProducesValidationProblem()
            .WithSummary("Makes the environment match a flags-as-code file in one transaction (dryRun=true to preview).");
        return project;
    }

    private static async Task<IResult> ExportAsync(string project, string environment, HttpContext context, EnvironmentStore environments, FlagStore flags, EnvironmentSnapshots snapshots, WebhookStore webhookStore, ChangePolicyStore policies, EnvironmentPermissionStore permissions, AuthStore auth, CancellationToken cancellationToken)
    {
        var state = await environments.GetAsync(project, environment, cancellationToken);
        var snapshot = state is null ? null : await snapshots.GetAsync(state.Id, cancellationToken);
        if (snapshot is null)
        {
            return NotFoundProblems.Environment(project, environment);
        }

        var specs = await flags.ListSpecsAsync(project, cancellationToken);
        var (webhooks, environmentSettings) = await ExportSettings.ReadAsync(state!, context.User.HasAdminRole(Role.Administrator), webhookStore, policies, permissions, auth, cancellationToken);
        var file = new FlagsFile(
            project,
            environment,
            [.. snapshot.Definition.Flags.Where(f => specs.ContainsKey(f.Key)).Select(f => new FlagsFileFlag(specs[f.Key], FlagTargeting.From(f)))],
            snapshot.Definition.Segments,
            webhooks,
            environmentSettings);
        return TypedResults.Bytes(FlagsFileJson.Write(file), "application/json");
    }

    private static async Task<IResult> ApplyAsync(string project, string environment, [FromQuery] bool? dryRun, HttpContext context, EnvironmentStore environments, ChangeRecorder recorder, WebhookDestinationPolicy destinations, WebhookSecretProtector protector, SdkKeyCache sdkKeys, CancellationToken cancellationToken)
    {
        if (context.Request.HasJsonContentType() is false)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "The body must be a flags file (Content-Type: application/json).");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxFileBytes;
        }

        byte[] body;
        JsonDocument document;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, cancellationToken);
            body = buffer.ToArray();
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return JsonBody.Invalid(string.Empty, $"The flags file is not JSON: {e.Message}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The flags file is larger than {MaxFileBytes / (1024 * 1024)} MiB.");
        }

        // Text that is not Unicode, or a number no double holds, is refused with its path before anything reads it.
        if (JsonUnicode.TryFindInvalidText(body, out var invalid) || JsonNumbers.TryFindNonFinite(body, out invalid))
        {
            document.Dispose();
            return JsonBody.Invalid(invalid, JsonUnicode.TryFindInvalidText(body, out _) ? JsonUnicode.Problem : JsonNumbers.Problem);
        }

        FlagsFile? file;
        using (document)
        {
            var (read, errors) = FlagsFileJson.Read(document.RootElement);
            if (read is null)
            {
                return ValidationErrors.From(errors);
            }

            file = read;
        }

        if (FlagsFileChecks.Check(file, destinations) is { IsEmpty: false } problems)
        {
            return problems.ToResult();
        }

        if (await environments.GetAsync(project, environment, cancellationToken) is not { } target)
        {
            return NotFoundProblems.Environment(project, environment);
        }

        var set = ApplyChanges.For(project, environment, file, protector, context.WriteContext());
        var result = dryRun == true ? await recorder.DryRunAsync(set, cancellationToken) : await recorder.RecordAsync(set, cancellationToken);
        if (result.Status != WriteStatus.Ok)
        {
            return result.ToHttp(context, _ => string.Empty, (_, _) => new object());
        }

        if (dryRun != true && file.Settings?.ClientKeys is { Count: > 0 })
        {
            sdkKeys.Clear(); // this replica answers with the new origins at once; others within the cache's lifetime
        }

        return TypedResults.Ok(ApplyChanges.Summarize(result.Value!, dryRun == true, environment, result.Versions, target.Version));
    }
}
