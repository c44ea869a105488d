using System.Text.Json;

namespace Vexil.Server.Audit;

/// <summary>A mutation to record: its action, where it happened, and the resource's state before and after (null when absent).</summary>
internal sealed record AuditRecord(string Action, string? Project, string? Environment, string Resource, JsonElement? Before, JsonElement? After)
{
    /// <summary>An audit record of an object serialised as the API shows it (accounts, keys, webhooks, projects).</summary>
    public static AuditRecord Of(string action, string? project, string? environment, string resource, object? before, object? after) =>
        new(action, project, environment, resource, ToElement(before), ToElement(after));

    private static JsonElement? ToElement(object? value) => value is null ? null : JsonSerializer.SerializeToElement(value, JsonSerializerOptions.Web);
}
