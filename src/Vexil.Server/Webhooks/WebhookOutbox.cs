using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vexil.Server.Storage;

namespace Vexil.Server.Webhooks;

/// <summary>
/// Writes a committed change's webhook events into <c>webhook_outbox</c>, inside the change's transaction, so a
/// committed change always has its events and a rolled-back one never does. <see cref="WebhookOutboxRelay"/> moves
/// them onto the bus.
/// </summary>
internal static class WebhookOutbox
{
    public static Task AppendAsync(SqlWriteScope scope, WriteContext context, WebhookEvent e, CancellationToken cancellationToken) =>
        scope.ExecuteAsync(
            "INSERT INTO webhook_outbox (event_id, project_key, environment_key, event_type, data, at) VALUES (@event, @project, @env, @type, @data, @at)",
            cancellationToken,
            ("@event", "evt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))),
            ("@project", e.Project),
            ("@env", e.Environment),
            ("@type", e.Type),
            ("@data", Data(scope, context, e)),
            ("@at", scope.Now));

    /// <summary>The event's <c>data</c> (docs/events.md#webhook-events).</summary>
    private static string Data(SqlWriteScope scope, WriteContext context, WebhookEvent e)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("project", e.Project);
            if (e.Environment is null)
            {
                writer.WriteNull("environment");
            }
            else
            {
                writer.WriteString("environment", e.Environment);
            }

            if (e.Version is { } version)
            {
                writer.WriteNumber("version", version);
            }
            else
            {
                writer.WriteNull("version");
            }

            writer.WriteString(e.Kind, e.Key);
            writer.WriteString("action", e.Action);
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

            Write(writer, "before", e.Before);
            Write(writer, "after", e.After);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Write(Utf8JsonWriter writer, string name, JsonElement? value)
    {
        writer.WritePropertyName(name);
        if (value is { } v)
        {
            v.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
