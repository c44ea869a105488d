using Microsoft.Extensions.Options;
using Vexil.Server.Auth;
using Vexil.Server.Storage;

namespace Vexil.Server.Hosting;

/// <summary>Before the server listens: migrates the schema and, when there is no account, creates the first administrator.</summary>
internal sealed partial class StoreInitializer(
    Database database,
    AuthStore store,
    PasswordHasher hasher,
    IOptions<VexilOptions> options,
    ICredentialSink sink,
    EnvironmentVersionTracker tracker,
    FirstAdministrator first,
    ILogger<StoreInitializer> logger) : IHostedLifecycleService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        LogMigrated(logger);
        foreach (var (id, version) in await database.GetEnvironmentVersionsAsync(cancellationToken))
        {
            tracker.Observe(id, version);
        }
    }

    /// <summary>
    /// The first administrator is made once the server listens (every hosted service, Kestrel's included, has started):
    /// a start that fails (its port is taken) creates no credential, so none is shown and lost.
    /// </summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureAdministratorAsync(cancellationToken);
        }
        finally
        {
            first.Ensured();
        }
    }

    private async Task EnsureAdministratorAsync(CancellationToken cancellationToken)
    {
        if (await store.CountAccountsAsync(cancellationToken) > 0)
        {
            return;
        }

        var configured = options.Value.AdminPassword;
        var password = configured ?? SecretTokens.NewPassword();
        var account = hasher.Hash(options.Value.AdminUsername, password, Role.Administrator);
        var result = await store.CreateAccountAsync(account, WriteContext.System, cancellationToken);
        if (result.Status == WriteStatus.Ok && configured is null)
        {
            sink.Print(options.Value.AdminUsername, password);
        }

        LogAdministratorCreated(logger, options.Value.AdminUsername);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema is up to date")]
    private static partial void LogMigrated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the first administrator account '{Username}'")]
    private static partial void LogAdministratorCreated(ILogger logger, string username);
}
