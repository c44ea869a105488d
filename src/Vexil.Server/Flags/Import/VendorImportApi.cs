using Microsoft.AspNetCore.Mvc;
using Vexil.Importers;
using Vexil.Importers.LaunchDarkly;
using Vexil.Importers.Unleash;
using Vexil.Server.Api;
using Vexil.Server.Auth;
using Vexil.Server.Storage;

namespace Vexil.Server.Flags.Import;

/// <summary>
/// POST …/environments/{environment}/import/launchdarkly and …/import/unleash: another product's flags (LaunchDarkly's
/// SDK data, Unleash's client features) become native flags and segments of this environment, keeping every
/// context's variation (docs/migration.md), through the same write as the flagd import: all or nothing unless
/// <c>partial=true</c>, <c>dryRun=true</c> to preview, refusals with their paths in the source document.
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
        project.MapPost($"/environments/{{environment}}/import/{source}", (string project, string environment, [FromQuery] bool? dryRun, [FromQuery] bool? partial, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken) =>
                ImportAsync(project, environment, dryRun == true, partial == true, document, translate, context, store, cancellationToken))
            .WithTags("Flags")
            .RequireAuthorization(VexilPolicies.Editor)
            .Accepts<object>("application/json")
            .Produces<VendorImportResponse>()
            .ProducesValidationProblem()
            .WithSummary($"Imports {document} into this environment (dryRun=true to preview, partial=true to skip flags that cannot be imported).");

    private static async Task<IResult> ImportAsync(string project, string environment, bool dryRun, bool partial, string document, Translator translate, HttpContext context, IControlPlaneStore store, CancellationToken cancellationToken)
    {
        if (context.Request.HasJsonContentType() is false)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: $"The body must be {document} (Content-Type: application/json).");
        }

        if (await FlagdImportApi.ReadBodyAsync(context.Request, cancellationToken) is not { } body)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The document is larger than {FlagdImportApi.MaxBodyBytes / (1024 * 1024)} MiB.");
        }

        var translation = translate(body);
        var skipped = translation.RefusedFlags;
        if (translation.Errors.Count > 0 && (!partial || translation.Flags.Count == 0))
        {
            var errors = new ValidationErrors();
            errors.AddRange(translation.Errors);
            return TypedResults.ValidationProblem(
                errors.ToDictionary(),
                detail: skipped.Count > 0
                    ? $"{skipped.Count} flag(s) cannot be imported exactly ({string.Join(", ", skipped)}); nothing was changed. Fix them, or import the others with partial=true."
                    : $"The document cannot be imported; nothing was changed.",
                title: $"{document} cannot be imported",
                extensions: new Dictionary<string, object?> { ["refusedFlags"] = skipped });
        }

        var flags = translation.Flags.Select(NativeFlagSplitter.Split).ToList();
        var segments = translation.Segments.Select(NativeSegmentSplitter.Split).ToList();
        var result = await store.ImportFlagsAsync(project, environment, flags, dryRun, context.WriteContext(), cancellationToken, segments);
        if (result.Status != WriteStatus.Ok)
        {
            return result.ToHttp(context, _ => string.Empty, (_, _) => new object());
        }

        var outcome = result.Value!;
        return TypedResults.Ok(new VendorImportResponse(dryRun, environment, outcome.EnvironmentVersion, outcome.Created, outcome.Updated, outcome.Unchanged, skipped, segments.Select(s => s.Key).ToList(), result.Versions));
    }
}
