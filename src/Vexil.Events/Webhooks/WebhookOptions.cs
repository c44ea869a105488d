namespace Vexil.Events.Webhooks;

/// <summary>How webhook deliveries are attempted and retried.</summary>
public sealed record WebhookOptions
{
    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay before the first retry; doubled after each failure.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest delay between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a delivery is given up (recorded as such in the delivery log).</summary>
    public int MaxAttempts { get; init; } = 25;

    /// <summary>Attempts in flight at once, across all receivers.</summary>
    public int MaxConcurrency { get; init; } = 64;

    /// <summary>
    /// Networks webhooks may reach besides public addresses (loopback, private, link-local and reserved ones are
    /// refused by default, checked against every address a receiver's name resolves to when connecting).
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork> AllowedNetworks { get; init; } = [];

    /// <summary>Every problem with these settings; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (AttemptTimeout <= TimeSpan.Zero)
        {
            errors.Add("Webhooks.AttemptTimeout: must be positive");
        }

        if (InitialRetryDelay <= TimeSpan.Zero || MaxRetryDelay < InitialRetryDelay)
        {
            errors.Add("Webhooks.InitialRetryDelay: must be positive and at most MaxRetryDelay");
        }

        if (MaxAttempts < 1)
        {
            errors.Add("Webhooks.MaxAttempts: must be at least 1");
        }

        if (MaxConcurrency < 1)
        {
            errors.Add("Webhooks.MaxConcurrency: must be at least 1");
        }

        return errors;
    }
}
