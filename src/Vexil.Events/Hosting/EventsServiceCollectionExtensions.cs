using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vexil.Events.Aggregation;
using Vexil.Events.Aggregation.Postgres;
using Vexil.Events.Bus;
using Vexil.Events.Bus.Nats;
using Vexil.Events.Bus.Sqlite;
using Vexil.Events.Ingestion;
using Vexil.Events.Insights;
using Vexil.Events.Webhooks;

namespace Vexil.Events.Hosting;

/// <summary>Registers the events pipeline.</summary>
public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IEventIngestor"/>, <see cref="FlagInsights"/>, <see cref="WebhookPublisher"/> (subscriptions from
    /// <see cref="IWebhookSubscriptions"/>: register your own first, else an <see cref="InMemoryWebhookSubscriptions"/>), the bus (in-process SQLite, or NATS JetStream when
    /// <see cref="EventsOptions.Nats"/> is set), the aggregate store (SQLite, or PostgreSQL shared by replicas when
    /// <see cref="EventsOptions.Postgres"/> is set; opened, and migrated, when the host starts), the aggregator, the webhook dispatcher and the rollup as hosted
    /// services. Throws <see cref="ArgumentException"/> at once when <paramref name="options"/> are invalid.
    /// </summary>
    public static IServiceCollection AddVexilEvents(this IServiceCollection services, EventsOptions? options = null)
    {
        options ??= EventsOptions.Default;
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid events options: " + string.Join("; ", errors), nameof(options));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp => new EventsMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IMessageBus>(sp => options.Nats is { } nats
            ? new NatsMessageBus(nats, options.DuplicateWindow, options.AckWait)
            : new SqliteMessageBus(Path.Combine(options.DataDirectory, "queue.db"), options.DuplicateWindow, options.AckWait, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IEventStore>(_ => options.Postgres is { } postgres
            ? new PostgresEventStore(NpgsqlDataSource.Create(postgres), ownsDataSource: true)
            : new SqliteEventStore(Path.Combine(options.DataDirectory, "events.db")));
        services.AddHostedService(sp => new EventStoreInitializer(sp.GetRequiredService<IEventStore>()));
        services.TryAddSingleton<IEventIngestor>(sp => new EventIngestor(
            sp.GetRequiredService<IMessageBus>(),
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<EventsMetrics>(),
            Logger<EventIngestor>(sp)));
        services.TryAddSingleton(sp => new FlagInsights(sp.GetRequiredService<IEventStore>(), options, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => new EventAggregator(
            sp.GetRequiredService<IMessageBus>(),
            sp.GetRequiredService<IEventStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<EventsMetrics>(),
            Logger<EventAggregator>(sp),
            options.AggregatorConsumer));
        services.TryAddSingleton<IWebhookSubscriptions, InMemoryWebhookSubscriptions>();
        services.TryAddSingleton(new WebhookDestinationPolicy(options.Webhooks.AllowedNetworks));
        services.TryAddSingleton(_ => new SqliteWebhookDeliveryLog(Path.Combine(options.DataDirectory, "webhooks.db")));
        services.TryAddSingleton(sp => new WebhookPublisher(
            sp.GetRequiredService<IMessageBus>(),
            sp.GetRequiredService<IWebhookSubscriptions>(),
            sp.GetRequiredService<SqliteWebhookDeliveryLog>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => new WebhookDispatcher(
            sp.GetRequiredService<IMessageBus>(),
            sp.GetRequiredService<IWebhookSubscriptions>(),
            sp.GetRequiredService<SqliteWebhookDeliveryLog>(),
            options.Webhooks,
            sp.GetRequiredService<TimeProvider>(),
            Logger<WebhookDispatcher>(sp),
            sp.GetRequiredService<EventsMetrics>()));
        services.AddHostedService(sp => new EventMaintenance(
            sp.GetRequiredService<IEventStore>(),
            options,
            sp.GetRequiredService<TimeProvider>(),
            Logger<EventMaintenance>(sp)));
        return services;
    }

    private static ILogger<T> Logger<T>(IServiceProvider services) =>
        services.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;
}
