using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vexil.Hosting.Observability;

/// <summary>
/// The bodies of <c>/health/live</c> and <c>/health/ready</c>: <c>{"status":"ready"|"degraded"|"stale"|"unavailable",
/// "checks":{name:{"status","description","durationMs"}}, …}</c>, with an edge's environments and event spool (and
/// <c>vexil serve</c>'s files) lifted to the top as before. Written by hand: nothing reflects over types at run time.
/// </summary>
internal static class ReadinessResponseWriter
{
    public static Task WriteLiveAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync("""{"status":"live"}""");
    }

    public static async Task WriteReadyAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", StatusOf(report));
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status switch
                {
                    HealthStatus.Healthy => "healthy",
                    HealthStatus.Degraded => "degraded",
                    _ => "unhealthy",
                });
                if (entry.Description is { } description)
                {
                    json.WriteString("description", description);
                }

                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            foreach (var (_, entry) in report.Entries)
            {
                if (entry.Data.GetValueOrDefault(ReadinessData.Environments) is IReadOnlyList<EnvironmentReadiness> environments)
                {
                    WriteEnvironments(json, environments);
                }

                if (entry.Data.GetValueOrDefault(ReadinessData.EventForwarding) is EventForwardingReadiness forwarding)
                {
                    WriteForwarding(json, forwarding);
                }
            }

            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }

    private static string StatusOf(HealthReport report)
    {
        switch (report.Status)
        {
            case HealthStatus.Healthy:
                return "ready";
            case HealthStatus.Degraded:
                foreach (var (_, entry) in report.Entries)
                {
                    if (entry.Status == HealthStatus.Degraded && entry.Data.GetValueOrDefault(ReadinessData.DegradedStatus) is string word)
                    {
                        return word;
                    }
                }

                return "degraded";
            default:
                return "unavailable";
        }
    }

    private static void WriteEnvironments(Utf8JsonWriter json, IReadOnlyList<EnvironmentReadiness> environments)
    {
        json.WriteStartArray("environments");
        foreach (var environment in environments)
        {
            json.WriteStartObject();
            json.WriteString("environment", environment.Environment);
            json.WriteNumber("version", environment.Version);
            json.WriteBoolean("stale", environment.Stale);
            if (environment.StaleSeconds is { } seconds)
            {
                json.WriteNumber("staleSeconds", seconds); // absent when unknown, as every null in Vexil's JSON
            }

            json.WriteString("source", environment.Source);
            json.WriteBoolean("refused", environment.Refused);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteForwarding(Utf8JsonWriter json, EventForwardingReadiness forwarding)
    {
        json.WriteStartObject("eventForwarding");
        json.WriteNumber("spooledBatches", forwarding.SpooledBatches);
        json.WriteNumber("spooledBytes", forwarding.SpooledBytes);
        json.WriteBoolean("full", forwarding.Full);
        json.WriteNumber("refused", forwarding.Refused);
        json.WriteNumber("dropped", forwarding.Dropped);
        json.WriteNumber("consecutiveFailures", forwarding.ConsecutiveFailures);
        if (forwarding.LastForwardedAt is { } at)
        {
            json.WriteString("lastForwardedAt", at);
        }

        json.WriteEndObject();
    }
}
