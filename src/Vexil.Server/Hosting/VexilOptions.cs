using System.ComponentModel.DataAnnotations;
using Vexil.Hosting.Configuration;

namespace Vexil.Server.Hosting;

/// <summary>The server's settings (section <c>Vexil</c>); validated at start.</summary>
internal sealed record VexilOptions
{
    public const string Section = "Vexil";

    /// <summary>Where the embedded SQLite store keeps its file when no PostgreSQL connection string is given.</summary>
    [Required]
    public string DataDirectory { get; init; } = "data";

    /// <summary>A PostgreSQL connection string; when set, PostgreSQL is the store.</summary>
    public string? Postgres { get; init; }

    /// <summary>The PostgreSQL password, kept out of <see cref="Postgres"/> (and so out of argv); also <c>PostgresPasswordFile</c>.</summary>
    public string? PostgresPassword { get; init; }

    /// <summary>The address to listen on.</summary>
    [Required]
    [Url]
    public string Listen { get; init; } = "http://127.0.0.1:5080";

    /// <summary>The first administrator's name, created on first start when there is no account.</summary>
    [Required]
    [MinLength(1)]
    public string AdminUsername { get; init; } = "admin";

    /// <summary>The first administrator's password; when unset, one is generated and printed once.</summary>
    [MinLength(12)]
    public string? AdminPassword { get; init; }

    /// <summary>The largest request body accepted, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>NATS server for the events bus (JetStream); empty keeps the durable in-process bus in the data folder.</summary>
    public string? EventsNatsUrl { get; init; }

    /// <summary>The NATS user name, with <see cref="EventsNatsPassword"/>.</summary>
    public string? EventsNatsUser { get; init; }

    /// <summary>The NATS password (a secret: config file, environment or <c>EventsNatsPasswordFile</c>).</summary>
    public string? EventsNatsPassword { get; init; }

    /// <summary>A NATS token, instead of a user and password (a secret, like the password).</summary>
    public string? EventsNatsToken { get; init; }
    /// <summary>
    /// The AES-256 key (32 bytes, base64) that seals webhook signing secrets in the store; when unset, a key file in the
    /// data folder is created on first use. Replicas sharing a PostgreSQL store must all be given the same key.
    /// </summary>
    public string? WebhookSecretKey { get; init; }

    /// <summary>The delay before a failed webhook delivery is retried the first time (doubled per attempt).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan WebhookRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one webhook delivery attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan WebhookAttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Networks webhook receivers may be in besides public addresses (<c>10.0.0.0/8</c>, <c>fd00::/8</c>, or one address
    /// such as <c>127.0.0.1</c>); loopback, private, link-local and reserved addresses are refused by default.
    /// </summary>
    public IReadOnlyList<string> WebhookAllowedNetworks { get; init; } = [];

    /// <summary><see cref="WebhookAllowedNetworks"/> read, or a <see cref="ConfigurationException"/> naming the bad one.</summary>
    public IReadOnlyList<System.Net.IPNetwork> ParseWebhookAllowedNetworks()
    {
        var networks = new List<System.Net.IPNetwork>(WebhookAllowedNetworks.Count);
        for (var i = 0; i < WebhookAllowedNetworks.Count; i++)
        {
            if (!Vexil.Events.Webhooks.WebhookDestinationPolicy.TryParseNetwork(WebhookAllowedNetworks[i], out var network))
            {
                throw new ConfigurationException($"{Section}:WebhookAllowedNetworks:{i} is '{WebhookAllowedNetworks[i]}', not a network such as 10.0.0.0/8 or fd00::/8, or an address such as 127.0.0.1.");
            }

            networks.Add(network);
        }

        return networks;
    }

    /// <summary>
    /// The reverse proxies (addresses such as <c>10.0.0.5</c> or networks such as <c>10.0.0.0/8</c>) whose
    /// <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> are believed; none by default, so the headers are ignored.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary><see cref="TrustedProxies"/> read, or a <see cref="ConfigurationException"/> naming the bad one.</summary>
    public IReadOnlyList<System.Net.IPNetwork> ParseTrustedProxies()
    {
        var networks = new List<System.Net.IPNetwork>(TrustedProxies.Count);
        for (var i = 0; i < TrustedProxies.Count; i++)
        {
            if (!Vexil.Events.Webhooks.WebhookDestinationPolicy.TryParseNetwork(TrustedProxies[i], out var network))
            {
                throw new ConfigurationException($"{Section}:TrustedProxies:{i} is '{TrustedProxies[i]}', not an address such as 10.0.0.5 or a network such as 10.0.0.0/8.");
            }

            networks.Add(network);
        }

        return networks;
    }

    /// <summary>How long readiness waits for the store (and the events bus) to answer before it calls them failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan StoreHealthTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a login session lasts.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>PBKDF2 iterations for new passwords (at least 100,000).</summary>
    [Range(100_000, 10_000_000)]
    public int PasswordIterations { get; init; } = 100_000;

    /// <summary><see cref="Postgres"/> with <see cref="PostgresPassword"/> applied when one is set.</summary>
    public string? PostgresConnectionString() =>
        string.IsNullOrEmpty(PostgresPassword) || Postgres is null
            ? Postgres
            : new Npgsql.NpgsqlConnectionStringBuilder(Postgres) { Password = PostgresPassword }.ConnectionString;
}
