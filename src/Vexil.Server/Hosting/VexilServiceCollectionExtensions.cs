using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Vexil.Server.Auth;
using Vexil.Server.Auth.Oidc;
using Vexil.Server.Auth.SignIn;
using Vexil.Server.Delivery;
using Vexil.Server.Events;
using Vexil.Server.Observability;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Postgres;
using Vexil.Server.Storage.Sqlite;
using Vexil.Server.Webhooks;

using Vexil.Events;
using Vexil.Events.Hosting;

namespace Vexil.Server.Hosting;

/// <summary>Registers the control plane: store (SQLite or PostgreSQL), auth, API services.</summary>
internal static class VexilServiceCollectionExtensions
{
    public static IServiceCollection AddVexilControlPlane(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<VexilOptions>()
            .Bind(configuration.GetSection(VexilOptions.Section))
            .ValidateDataAnnotations();
        var options = configuration.GetSection(VexilOptions.Section).Get<VexilOptions>() ?? new VexilOptions();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EnvironmentVersionTracker>();
        services.TryAddSingleton<ICredentialSink, ConsoleCredentialSink>();
        services.TryAddSingleton<FirstAdministrator>();
        services.TryAddSingleton<PasswordHasher>();
        services.AddOptionsWithValidateOnStart<SignInThrottleOptions>()
            .Bind(configuration.GetSection(SignInThrottleOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.AccountFreeFailures < o.AccountLockAfter && o.AddressFreeFailures < o.AddressLockAfter, "Vexil:SignInThrottle: the free failures must be fewer than the failures that lock.");
        services.TryAddSingleton<SignInThrottle>();
        services.TryAddSingleton<SignInGuard>();
        services.TryAddSingleton<SdkKeyCache>();
        services.AddMetrics();
        services.TryAddSingleton<StoreMetrics>();

        // Hosted services start in order: migrate before anything reads.
        services.AddHostedService<StoreInitializer>();
        services.AddHostedService<TokenExpiryMetrics>();
        if (string.IsNullOrWhiteSpace(options.Postgres))
        {
            services.TryAddSingleton<Database>(sp =>
            {
                var dir = Path.GetFullPath(sp.GetRequiredService<IOptions<VexilOptions>>().Value.DataDirectory);
                Vexil.Events.Storage.PrivateFiles.PrepareSqlite(Path.Combine(dir, "vexil.db")); // the folder 0700, the files 0600
                return new SqliteDatabase(
                    Path.Combine(dir, "vexil.db"),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<EnvironmentVersionTracker>(),
                    sp.GetRequiredService<StoreMetrics>());
            });
        }
        else
        {
            services.TryAddSingleton(_ => NpgsqlDataSource.Create(options.PostgresConnectionString()!));
            services.TryAddSingleton<PostgresDatabase>();
            services.TryAddSingleton<Database>(sp => sp.GetRequiredService<PostgresDatabase>());
            services.TryAddSingleton<PostgresListenerState>();
            services.AddHostedService<PostgresVersionListener>();
        }

        services.AddVexilStores();
        services.TryAddSingleton<WebhookSecretProtector>();
        services.TryAddSingleton<WebhookRelayMetrics>();
        services.TryAddSingleton<Vexil.Events.Webhooks.IWebhookSubscriptions, ControlPlaneWebhookSubscriptions>();
        services.AddHostedService<WebhookOutboxRelay>();
        services.AddHostedService<Governance.ScheduledChangeRunner>();
        var eventsDirectory = Path.Combine(Path.GetFullPath(options.DataDirectory), "events");
        var sharedStore = !string.IsNullOrWhiteSpace(options.Postgres);
        services.AddVexilEvents(new EventsOptions
        {
            DataDirectory = eventsDirectory,

            // On PostgreSQL the replicas share one aggregate store, so on NATS they share one consumer too (each batch
            // aggregated by one of them); on SQLite each replica's store needs every batch, so a consumer of its own.
            Postgres = sharedStore ? options.PostgresConnectionString() : null,
            AggregatorConsumer = sharedStore || string.IsNullOrWhiteSpace(options.EventsNatsUrl) ? EventsOptions.Default.AggregatorConsumer : AggregatorIdentity.For(eventsDirectory),
            MaxBodyBytes = (int)Math.Min(options.MaxRequestBodyBytes, int.MaxValue),
            Nats = string.IsNullOrWhiteSpace(options.EventsNatsUrl) ? null : new NatsBusOptions
            {
                Url = options.EventsNatsUrl,
                Username = options.EventsNatsUser,
                Password = options.EventsNatsPassword,
                Token = options.EventsNatsToken,
            },
            Webhooks = new Vexil.Events.Webhooks.WebhookOptions
            {
                InitialRetryDelay = options.WebhookRetryDelay,
                AttemptTimeout = options.WebhookAttemptTimeout,
                AllowedNetworks = options.ParseWebhookAllowedNetworks(),
            },
        });
        services.AddVexilDelivery(configuration);
        services.AddVexilControlPlaneDelivery();
        var health = services.AddVexilObservability(configuration)
            .AddCheck<StoreHealthCheck>(StoreHealthCheck.Name, HealthStatus.Unhealthy, [HealthTags.Ready], options.StoreHealthTimeout)
            .AddCheck<EventsBusHealthCheck>(EventsBusHealthCheck.Name, HealthStatus.Degraded, [HealthTags.Ready], options.StoreHealthTimeout);
        if (!string.IsNullOrWhiteSpace(options.Postgres))
        {
            health.AddCheck<PostgresListenerHealthCheck>(PostgresListenerHealthCheck.Name, HealthStatus.Unhealthy, [HealthTags.Ready]);
        }

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions).UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip);
        VexilAuthenticationHandler.Register(services);
        services.AddVexilOidc(configuration);
        services.AddAuthorization(VexilPolicies.Add);
        services.AddVexilOpenApi();
        return services;
    }
}
