using Microsoft.AspNetCore.Mvc;
using Vexil.Importers;
using Vexil.Importers.LaunchDarkly;
using Vexil.Importers.Unleash;
using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Environments;
using Vexil.Server.Storage;

namespace Vexil.Server.Flags.Import;

/// <summary>
/// POST …/environments/{environment}/import/launchdarkly and …/import/unleash: another product's flags (LaunchDarkly's
/// SDK data, Unleash's client features) become native flags and segments of this environment, keeping every
/// context's variation (docs/migration.md), through the flagd import's write: one change set
/// (<see cref="ImportChanges.For"/>: the segments put first, then the flags, in one transaction) recorded by the
/// change recorder, or rolled back whole on a dry run. All or nothing unless <c>partial=true</c>; refusals carry
/// their paths in the source document.
/// </summary>
internal static class VendorImportApi
{
    private delegate ImportResult Translator(ReadOnlySpan<byte> utf8Json);

    public static RouteGroupBuilder MapVendorImportApi(this RouteGroupBuilder project)
    {
        Map(project, "launchdarkly", "LaunchDarkly's SDK data", LaunchDarklyImporter.Translate);
        Map(project, "unleash", "Unleash's client features", UnleashImporter.Translate);
        return project;
    }

    private static void Map(RouteGroupBuilder project, string source, string document, Translator translate) =>
        project.MapPost(
                $"/environments/{{environment}}/import/{source}",
                (string project, string environment, [FromQuery] bool? dryRun, [FromQuery] bool? partial, HttpContext context, EnvironmentStore environments, ChangeRecorder recorder, CancellationToken cancellationToken) =>
                    ImportAsync(new Request(project, environment, dryRun == true, partial == true, document, translate), context, environments, recorder, cancellationToken))
            .WithTags("Flags")
            .RequireAuthorization(VexilPolicies.Editor)
            .Accepts<object>("application/json")
            .Produces<VendorImportResponse>()
            .ProducesValidationProblem()
            .WithSummary($"Imports {document} into this environment (dryRun=true to preview, partial=true to skip flags that cannot be imported).");

    private static async Task<IResult> ImportAsync(Request request, HttpContext context, EnvironmentStore environments, ChangeRecorder recorder, CancellationToken cancellationToken)
    {
        if (context.Request.HasJsonContentType() is false)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: $"The body must be {request.Document} (Content-Type: application/json).");
        }

        if (await ImportBody.ReadAsync(context, cancellationToken) is not { } body)
        {
            return ImportBody.TooLarge("The document");
        }

        var translation = request.Translate(body);
        var skipped = translation.RefusedFlags;
        if (translation.Errors.Count > 0 && (!request.Partial || translation.Flags.Count == 0))
        {
            var errors = new ValidationErrors();
            errors.AddRange(translation.Errors);
            return TypedResults.ValidationProblem(
                errors.ToDictionary(),
                detail: skipped.Count > 0
                    ? $"{skipped.Count} flag(s) cannot be imported exactly ({string.Join(", ", skipped)}); nothing was changed. Fix them, or import the others with partial=true."
                    : "The document cannot be imported; nothing was changed.",
                title: $"{request.Document} cannot be imported",
                extensions: new Dictionary<string, object?> { ["refusedFlags"] = skipped });
        }

        if (await environments.GetAsync(request.Project, request.Environment, cancellationToken) is not { } target)
        {
            return NotFoundProblems.Environment(request.Project, request.Environment);
        }

        var set = ImportChanges.For(request.Project, request.Environment, translation.Flags, translation.Segments, context.WriteContext());
        var result = request.DryRun ? await recorder.DryRunAsync(set, cancellationToken) : await recorder.RecordAsync(set, cancellationToken);
        if (result.Status != WriteStatus.Ok)
        {
            return result.ToHttp(context, _ => string.Empty, (_, _) => new object());
        }

        var outcome = ImportChanges.Summarize(result.Value!, request.Environment, result.Versions, target.Version);
        var segments = new List<string>(translation.Segments.Count);
        foreach (var segment in translation.Segments)
        {
            segments.Add(segment.Key);
        }

        return TypedResults.Ok(new VendorImportResponse(request.DryRun, request.Environment, outcome.EnvironmentVersion, outcome.Created, outcome.Updated, outcome.Unchanged, skipped, segments, result.Versions));
    }

    private sealed record Request(string Project, string Environment, bool DryRun, bool Partial, string Document, Translator Translate);
}
