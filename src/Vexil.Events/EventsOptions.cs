namespace Vexil.Events;

/// <summary>Settings of the events pipeline; validated when the host starts.</summary>
public sealed record EventsOptions
{
    /// <summary>The defaults: embedded SQLite under <c>./data/events</c>, the in-process bus.</summary>
    public static EventsOptions Default { get; } = new();

    /// <summary>Folder holding the in-process bus queue and the SQLite event store.</summary>
    public string DataDirectory { get; init; } = Path.Combine("data", "events");

    /// <summary>Largest accepted request body, in bytes (protocol: 1 MiB).</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Most summaries plus exposures in one batch.</summary>
    public int MaxItems { get; init; } = 10_000;

    /// <summary>
    /// The most evaluations one summary may claim: a billion, more than one process evaluating one flag 16 million times
    /// a second for a whole one-minute window; it keeps a forged or broken count from swamping usage (or overflowing it).
    /// </summary>
    public long MaxSummaryCount { get; init; } = 1_000_000_000;

    /// <summary>The most evaluations one batch may claim in all (the sum of its summaries' counts).</summary>
    public long MaxBatchEvaluations { get; init; } = 10_000_000_000;

    /// <summary>How far after the receiver's clock a summary's end or an exposure's time may be (senders' clocks drift).</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// When set, aggregates live in this PostgreSQL database (tables <c>events_*</c>), shared by every replica that
    /// names it: each batch is counted once whichever replica aggregates it, and every replica answers usage alike.
    /// Unset, they live in the SQLite file <c>events.db</c> under <see cref="DataDirectory"/> (one process).
    /// </summary>
    public string? Postgres { get; init; }

    /// <summary>When set, batches travel through NATS JetStream instead of the in-process bus.</summary>
    public NatsBusOptions? Nats { get; init; }

    /// <summary>How long a published message id is remembered to drop a re-sent duplicate on the bus.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a delivered message may stay unacknowledged before it is delivered again.</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long per-minute counts are kept before they are rolled up into hours.</summary>
    public TimeSpan MinuteRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long hourly counts are kept.</summary>
    public TimeSpan HourRetention { get; init; } = TimeSpan.FromDays(400);

    /// <summary>How long processed batch ids are remembered (must exceed any sender's retry horizon).</summary>
    public TimeSpan ProcessedBatchRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often the rollup and pruning run.</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Days without evaluation (or with a single variation served) after which a flag is stale.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// The aggregator's durable consumer. Processes that share one NATS stream and the same name split the batches
    /// between them (a work queue): right when they share one store (<see cref="Postgres"/>); each process with a store
    /// of its own (SQLite) needs a name of its own, so that it receives every batch and its store holds the whole counts.
    /// </summary>
    public string AggregatorConsumer { get; init; } = Aggregation.EventAggregator.ConsumerName;

    /// <summary>How webhook deliveries are attempted and retried.</summary>
    public Webhooks.WebhookOptions Webhooks { get; init; } = new();

    /// <summary>Every problem with these settings; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add("DataDirectory: must not be empty");
        }

        if (Postgres is not null && !IsConnectionString(Postgres))
        {
            errors.Add("Postgres: not a PostgreSQL connection string");
        }

        if (string.IsNullOrEmpty(AggregatorConsumer) || !AggregatorConsumer.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add("AggregatorConsumer: must be letters, digits, '-' or '_'");
        }

        if (MaxBodyBytes is < 1024 or > 64 * 1024 * 1024)
        {
            errors.Add("MaxBodyBytes: must be between 1 KiB and 64 MiB");
        }

        if (MaxItems is < 1 or > 1_000_000)
        {
            errors.Add("MaxItems: must be between 1 and 1,000,000");
        }

        if (MaxSummaryCount is < 1 or > 1_000_000_000_000)
        {
            errors.Add("MaxSummaryCount: must be between 1 and 10^12");
        }

        if (MaxBatchEvaluations < MaxSummaryCount || MaxBatchEvaluations > 1_000_000_000_000_000)
        {
            errors.Add("MaxBatchEvaluations: must be at least MaxSummaryCount and at most 10^15");
        }

        if (MaxFutureSkew < TimeSpan.Zero || MaxFutureSkew > TimeSpan.FromDays(1))
        {
            errors.Add("MaxFutureSkew: must be between 0 and 1 day");
        }

        Positive(errors, DuplicateWindow, nameof(DuplicateWindow));
        Positive(errors, AckWait, nameof(AckWait));
        Positive(errors, MinuteRetention, nameof(MinuteRetention));
        Positive(errors, ProcessedBatchRetention, nameof(ProcessedBatchRetention));
        Positive(errors, MaintenanceInterval, nameof(MaintenanceInterval));
        Positive(errors, StaleAfter, nameof(StaleAfter));
        if (HourRetention < MinuteRetention)
        {
            errors.Add("HourRetention: must be at least MinuteRetention");
        }

        if (Nats is not null)
        {
            errors.AddRange(Nats.Validate());
        }

        errors.AddRange(Webhooks.Validate());
        return errors;
    }

    private static bool IsConnectionString(string value)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(new Npgsql.NpgsqlConnectionStringBuilder(value).Host);
        }
        catch (ArgumentException)
        {
            return false; // the message may quote the string, password and all: it stays out of the error
        }
    }

    private static void Positive(List<string> errors, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name}: must be positive");
        }
    }
}
