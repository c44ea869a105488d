namespace Vexil.Server.Webhooks;

/// <summary>The webhook event types, the audit actions they come from, and the patterns a subscription may ask for.</summary>
internal static class WebhookEventTypes
{
    /// <summary>Every event type, in the order the docs list them.</summary>
    public static readonly IReadOnlyList<string> All =
        ["flag.created", "flag.updated", "flag.toggled", "flag.deleted", "segment.created", "segment.updated", "segment.deleted"];

    /// <summary>The event a committed write with audit action <paramref name="action"/> raises; null for writes that raise none.</summary>
    public static string? FromAuditAction(string action) => action switch
    {
        "flag.create" => "flag.created",
        "flag.update" or "flag.configure" or "flag.promote" or "flag.import" or "flag.rollback" => "flag.updated",
        "flag.on" or "flag.off" => "flag.toggled",
        "flag.delete" => "flag.deleted",
        "segment.create" => "segment.created",
        "segment.update" => "segment.updated",
        "segment.delete" => "segment.deleted",
        _ => null,
    };

    /// <summary>True for a type a subscription may name: an event type, <c>flag.*</c>, <c>segment.*</c> or <c>*</c>.</summary>
    public static bool IsValidPattern(string? pattern) =>
        pattern is "*" or "flag.*" or "segment.*" || (pattern is not null && All.Contains(pattern));
}
