using Microsoft.AspNetCore.Mvc;
using Vexil.Flagd.Import;
using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Environments;
using Vexil.Server.Storage;

namespace Vexil.Server.Flags.Import;

/// <summary>
/// POST /api/v1/projects/{project}/environments/{environment}/import/flagd: a flagd flag file (the body) becomes
/// native flags of the project, configured in this environment, through the same validated, audited, versioned write
/// as any flag change (docs/flagd.md#importing-flagd-files). All or nothing unless <c>partial=true</c>;
/// <c>dryRun=true</c> reports what would happen and changes nothing.
/// </summary>
internal static class FlagdImportApi
{
    public static RouteGroupBuilder MapFlagdImportApi(this RouteGroupBuilder project)
    {
        project.MapPost("/environments/{environment}/import/flagd", ImportAsync)
            .WithTags("Flags")
            .RequireAuthorization(VexilPolicies.Editor)
            .Accepts<object>("application/json")
            .Produces<FlagdImportResponse>()
            .ProducesValidationProblem()
            .WithSummary("Imports a flagd flag file into this environment (dryRun=true to preview, partial=true to skip flags that cannot be imported).");
        return project;
    }

    private static async Task<IResult> ImportAsync(
        string project,
        string environment,
        [FromQuery] bool? dryRun,
        [FromQuery] bool? partial,
        HttpContext context,
        EnvironmentStore environments,
        ChangeRecorder recorder,
        CancellationToken cancellationToken)
    {
        if (context.Request.HasJsonContentType() is false)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "The body must be a flagd flag file (Content-Type: application/json).");
        }

        if (await ImportBody.ReadAsync(context, cancellationToken) is not { } body)
        {
            return ImportBody.TooLarge("The flagd file");
        }

        var translation = FlagdImporter.Translate(body);
        var skipped = translation.RefusedFlags;
        if (translation.Errors.Count > 0 && (partial != true || translation.Flags.Count == 0))
        {
            var errors = new ValidationErrors();
            errors.AddRange(translation.Errors);
            return TypedResults.ValidationProblem(
                errors.ToDictionary(),
                detail: skipped.Count > 0
                    ? $"{skipped.Count} flag(s) cannot be imported ({string.Join(", ", skipped)}); nothing was changed. Fix them, or import the others with partial=true."
                    : "The flagd file is not valid; nothing was changed.",
                title: "The flagd file cannot be imported",
                extensions: new Dictionary<string, object?> { ["refusedFlags"] = skipped });
        }

        if (await environments.GetAsync(project, environment, cancellationToken) is not { } target)
        {
            return NotFoundProblems.Environment(project, environment);
        }

        var set = ImportChanges.For(project, environment, translation.Flags, [], context.WriteContext());
        var result = dryRun == true ? await recorder.DryRunAsync(set, cancellationToken) : await recorder.RecordAsync(set, cancellationToken);
        if (result.Status != WriteStatus.Ok)
        {
            return result.ToHttp(context, _ => string.Empty, (_, _) => new object());
        }

        var outcome = ImportChanges.Summarize(result.Value!, environment, result.Versions, target.Version);
        return TypedResults.Ok(new FlagdImportResponse(dryRun == true, environment, outcome.EnvironmentVersion, outcome.Created, outcome.Updated, outcome.Unchanged, skipped, result.Versions));
    }
}
