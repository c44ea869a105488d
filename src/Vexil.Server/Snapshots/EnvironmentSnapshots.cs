using System.Collections.Concurrent;
using System.Data.Common;
using Vexil.Core.Model;
using Vexil.Server.Environments;
using Vexil.Server.Flags;
using Vexil.Server.Segments;
using Vexil.Server.Storage;

namespace Vexil.Server.Snapshots;

/// <summary>
/// The one compiled snapshot of each environment this process holds, at the latest version it knows. A write produces
/// the next snapshot from the current one and the change, and installs it once committed; a version committed
/// elsewhere (another replica on PostgreSQL) is caught up from the change log, change by change; only an environment
/// seen for the first time, or a gap the change log cannot bridge, is read whole.
/// </summary>
internal sealed partial class EnvironmentSnapshots(Database database, ILogger<EnvironmentSnapshots> logger)
{
    private readonly ConcurrentDictionary<long, EnvironmentSnapshot> _snapshots = new();
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _loading = new();
    private long _fullLoads;
    private long _replayedVersions;

    /// <summary>How many times an environment was read whole (first use, or a gap the change log could not bridge).</summary>
    public long FullLoads => Interlocked.Read(ref _fullLoads);

    /// <summary>How many versions were caught up from the change log, change by change.</summary>
    public long ReplayedVersions => Interlocked.Read(ref _replayedVersions);

    /// <summary>The snapshot held for an environment, without reading the store (null when none is held).</summary>
    public EnvironmentSnapshot? Current(long environmentId) => _snapshots.GetValueOrDefault(environmentId);

    /// <summary>The snapshot at the latest version this process knows of, or null when there is no such environment.</summary>
    public async Task<EnvironmentSnapshot?> GetAsync(long environmentId, CancellationToken cancellationToken)
    {
        if (_snapshots.TryGetValue(environmentId, out var held) && held.Version >= database.Tracker.Get(environmentId))
        {
            return held;
        }

        var gate = _loading.GetOrAdd(environmentId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            _snapshots.TryGetValue(environmentId, out held);
            if (held is not null && held.Version >= database.Tracker.Get(environmentId))
            {
                return held;
            }

            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await database.BeginReadAsync(connection, cancellationToken);
            var environment = await ReadEnvironmentAsync(connection, transaction, environmentId, cancellationToken);
            if (environment is null)
            {
                return null;
            }

            var snapshot = await CatchUpAsync(connection, transaction, held, environment, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            database.Tracker.Observe(environmentId, snapshot.Version);
            return Install(snapshot);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Inside a write that holds the environment's lock, before the write changes anything of it: the snapshot at
    /// exactly the environment's committed version (<paramref name="environment"/> was read under that lock), caught
    /// up in the write's own transaction if needed. It is not installed here: only a committed write's next snapshot is.
    /// </summary>
    public async Task<EnvironmentSnapshot> GetForWriteAsync(SqlWriteScope scope, EnvironmentState environment, CancellationToken cancellationToken)
    {
        _snapshots.TryGetValue(environment.Id, out var held);
        if (held is not null && held.Version == environment.Version)
        {
            return held;
        }

        return await CatchUpAsync(scope.Connection, scope.Transaction, held is not null && held.Version < environment.Version ? held : null, environment, cancellationToken);
    }

    /// <summary>Installs a snapshot (after its write committed) unless a newer one is already held.</summary>
    public EnvironmentSnapshot Install(EnvironmentSnapshot snapshot) =>
        _snapshots.AddOrUpdate(snapshot.EnvironmentId, snapshot, (_, existing) => existing.Version >= snapshot.Version ? existing : snapshot);

    private async Task<EnvironmentSnapshot> CatchUpAsync(DbConnection connection, DbTransaction? transaction, EnvironmentSnapshot? held, EnvironmentState environment, CancellationToken cancellationToken)
    {
        if (held is not null)
        {
            var entries = await ChangeLog.ReadRangeAsync(connection, transaction, environment.Id, held.Version, environment.Version, cancellationToken);
            var changes = ChangeLogReplay.ToChanges(entries, held.Version, environment.Version);
            if (changes is not null)
            {
                var snapshot = held;
                foreach (var change in changes)
                {
                    var (next, errors) = SnapshotCompiler.Apply(snapshot, change);
                    if (next is null)
                    {
                        LogReplayFailed(logger, environment.Id, change.Version, string.Join("; ", errors));
                        return await LoadAsync(connection, transaction, environment, cancellationToken);
                    }

                    snapshot = next;
                    Interlocked.Increment(ref _replayedVersions);
                }

                return snapshot;
            }
        }

        return await LoadAsync(connection, transaction, environment, cancellationToken);
    }

    private async Task<EnvironmentSnapshot> LoadAsync(DbConnection connection, DbTransaction? transaction, EnvironmentState environment, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fullLoads);
        var flags = await FlagStore.ReadEnvironmentAsync(connection, transaction, environment.Id, cancellationToken);
        var segments = await SegmentStore.ReadEnvironmentAsync(connection, transaction, environment.Id, cancellationToken);
        var (snapshot, errors) = SnapshotCompiler.Compile(environment.Id, new RulesetDefinition(environment.Key, environment.Version, flags, segments));
        return snapshot ?? throw new InvalidDataException($"Environment {environment.Id} at version {environment.Version} does not compile: {string.Join("; ", errors)}");
    }

    private static Task<EnvironmentState?> ReadEnvironmentAsync(DbConnection connection, DbTransaction transaction, long id, CancellationToken cancellationToken) =>
        Database.ReadOneAsync(connection, transaction, $"SELECT {EnvironmentStore.Columns} FROM environments e JOIN projects p ON p.id = e.project_id WHERE e.id = @id", EnvironmentStore.Map, cancellationToken, ("@id", id));

    [LoggerMessage(Level = LogLevel.Error, Message = "Environment {EnvironmentId}: the change log's version {Version} does not apply ({Errors}); reading the environment whole")]
    private static partial void LogReplayFailed(ILogger logger, long environmentId, long version, string errors);
}
