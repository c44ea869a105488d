using System.Text.Json;

namespace Vexil.Server.Webhooks;

/// <summary>
/// One webhook event of a committed change in one environment (or of the project, when <see cref="Environment"/> is
/// null): its type (<c>flag.toggled</c>, …) and audit action both come from the typed change that caused it.
/// </summary>
internal sealed record WebhookEvent(
    string Type,
    string Action,
    string Project,
    string? Environment,
    long? Version,
    string Kind,
    string Key,
    JsonElement? Before,
    JsonElement? After);
