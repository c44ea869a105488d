namespace Vexil.Events.Webhooks;

/// <summary>The result of one delivery attempt.</summary>
public enum WebhookOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>It failed and will be retried.</summary>
    Retrying,

    /// <summary>It failed for the last time (<see cref="WebhookOptions.MaxAttempts"/>), or its subscription is gone.</summary>
    GaveUp,
}
