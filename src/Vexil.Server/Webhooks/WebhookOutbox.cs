using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vexil.Server.Storage;

namespace Vexil.Server.Webhooks;

/// <summary>
/// Writes a committed change's webhook events into <c>webhook_outbox</c>, inside the change's transaction. A change of
/// one environment raises one event; a change of a flag's shared definition raises one per environment it reached
/// (each with that environment's new version), so an environment filter sees every change that touches its environment.
/// </summary>
internal static class WebhookOutbox
{
    public static async Task AppendAsync(
        SqlWriteScope scope,
        WriteContext context,
        string eventType,
        string action,
        string project,
        string? environment,
        string resource,
        string? before,
        string? after,
        CancellationToken cancellationToken)
    {
        var kind = eventType.StartsWith("segment.", StringComparison.Ordinal) ? "segment" : "flag";
        var key = resource[(resource.LastIndexOf('/') + 1)..];
        if (environment is not null)
        {
            await InsertAsync(scope, Data(scope, context, action, project, environment, kind, key, before, after), eventType, project, environment, cancellationToken);
            return;
        }

        if (scope.Versions.Count == 0)
        {
            await InsertAsync(scope, Data(scope, context, action, project, null, kind, key, before, after), eventType, project, null, cancellationToken);
            return;
        }

        foreach (var reached in scope.Versions.Keys.Order(StringComparer.Ordinal))
        {
            await InsertAsync(scope, Data(scope, context, action, project, reached, kind, key, before, after), eventType, project, reached, cancellationToken);
        }
    }

    private static Task InsertAsync(SqlWriteScope scope, string data, string eventType, string project, string? environment, CancellationToken cancellationToken) =>
        scope.ExecuteAsync(
            "INSERT INTO webhook_outbox (event_id, project_key, environment_key, event_type, data, at) VALUES (@event, @project, @env, @type, @data, @at)",
            cancellationToken,
            ("@event", "evt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))),
            ("@project", project),
            ("@env", environment),
            ("@type", eventType),
            ("@data", data),
            ("@at", scope.Now));

    /// <summary>The event's <c>data</c> (docs/events.md#webhook-events).</summary>
    private static string Data(SqlWriteScope scope, WriteContext context, string action, string project, string? environment, string kind, string key, string? before, string? after)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("project", project);
            if (environment is null)
            {
                writer.WriteNull("environment");
                writer.WriteNull("version");
            }
            else
            {
                writer.WriteString("environment", environment);
                if (scope.Versions.TryGetValue(environment, out var version))
                {
                    writer.WriteNumber("version", version);
                }
                else
                {
                    writer.WriteNull("version");
                }
            }

            writer.WriteString(kind, key);
            writer.WriteString("action", action);
            writer.WriteString("actor", context.Actor);
            writer.WriteString("at", DateTimeOffset.FromUnixTimeMilliseconds(scope.Now));
            if (context.Comment is null)
            {
                writer.WriteNull("comment");
            }
            else
            {
                writer.WriteString("comment", context.Comment);
            }

            WriteRaw(writer, "before", before);
            WriteRaw(writer, "after", after);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteRaw(Utf8JsonWriter writer, string name, string? json)
    {
        writer.WritePropertyName(name);
        if (json is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(json);
        }
    }
}
