using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Vexil.Server.Hosting;

/// <summary>
/// The admin API's OpenAPI document: a title and description of its own, schemas named after the wire types, and
/// free-form JSON (flag rules, variations, contexts) inline as "any JSON value" rather than a schema named after .NET's
/// <see cref="JsonElement"/>.
/// </summary>
internal static class OpenApiSetup
{
    public const string Title = "Vexil admin API";

    public static IServiceCollection AddVexilOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.CreateSchemaReferenceId = type => type.Type == typeof(JsonElement) || type.Type == typeof(JsonElement?)
                ? null
                : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = Title,
                    Version = "v1",
                    Description = "Projects, environments, flags, segments, SDK keys, webhooks and the audit log of a Vexil control plane. " +
                                  "Sign in with POST /api/v1/auth/login (or use an API token) and send Authorization: Bearer …. " +
                                  "Errors are RFC 7807 problem details.",
                };
                return Task.CompletedTask;
            });
        });
}
