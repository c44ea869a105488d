using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Sqlite;

namespace Vexil.Server.Tests.Storage;

public sealed class StoreMetricsTests
{
    [Fact(Timeout = 30_000)]
    public async Task Writes_AreCountedByOperationAndOutcome()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var recorded = new List<(string Instrument, string? Operation, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StoreMetrics.MeterName && instrument.Meter.Scope == factory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
        listener.Start();
        var dir = Path.Combine(Path.GetTempPath(), "vexil-metrics-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            using var database = new SqliteDatabase(Path.Combine(dir, "v.db"), new FakeTimeProvider(), new EnvironmentVersionTracker(), new StoreMetrics(factory));
            var store = new StoreHarness(database);
            await store.MigrateAsync(TestContext.Current.CancellationToken);

            await store.CreateProjectAsync("p", "P", StoreSamples.Alice, TestContext.Current.CancellationToken);
            await store.CreateProjectAsync("p", "P", StoreSamples.Alice, TestContext.Current.CancellationToken);

            lock (recorded)
            {
                Assert.Contains(("vexil.store.writes", "CreateProject", "ok"), recorded);
                Assert.Contains(("vexil.store.writes", "CreateProject", "conflict"), recorded);
                Assert.Contains(("vexil.store.write.duration", "CreateProject", "ok"), recorded);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }

        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? operation = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "vexil.operation")
                {
                    operation = tag.Value as string;
                }
                else if (tag.Key == "vexil.outcome")
                {
                    outcome = tag.Value as string;
                }
            }

            lock (recorded)
            {
                recorded.Add((instrument.Name, operation, outcome));
            }
        }
    }
}
