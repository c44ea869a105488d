using Microsoft.Extensions.Options;
using Npgsql;
using Vexil.Server.Auth;
using Vexil.Server.Hosting;
using Vexil.Hosting.Configuration;
using Vexil.Server.Storage;
using Vexil.Server.Storage.Postgres;
using Vexil.Server.Storage.Sqlite;

namespace Vexil.Server.Admin;

/// <summary>
/// <c>vexil admin reset-password [--username NAME] [--password-file FILE]</c>: on the store this node is configured
/// with (the local data folder's SQLite, or <c>Vexil:Postgres</c>), gives the account a new password (generated and
/// printed once, or read from a file; never from the command line), creating the administrator if it is missing, and
/// signs out its sessions. For a lost first-start credential; works while the server runs.
/// </summary>
internal static class ResetPasswordCommand
{
    public const string Usage = "usage: vexil admin reset-password [--username NAME] [--password-file FILE] [--Vexil:DataDirectory=data | --config FILE]";

    /// <summary>Runs the command; returns the exit code (0 done, 1 failed, 2 bad usage).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? username = null;
        string? passwordFile = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--username" when i + 1 < args.Length:
                    username = args[++i];
                    break;
                case "--password-file" when i + 1 < args.Length:
                    passwordFile = args[++i];
                    break;
                case "--help" or "-h":
                    await output.WriteLineAsync(Usage);
                    return 0;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        VexilOptions options;
        try
        {
            var builder = VexilHostBuilder.Create([.. rest], null);
            options = builder.Configuration.GetSection(VexilOptions.Section).Get<VexilOptions>() ?? new VexilOptions();
        }
        catch (ConfigurationException e)
        {
            await error.WriteLineAsync($"vexil admin reset-password: {e.Message}");
            return 2;
        }

        username ??= options.AdminUsername;
        var database = Path.Combine(Path.GetFullPath(options.DataDirectory), "vexil.db");
        if (string.IsNullOrWhiteSpace(options.Postgres) && !File.Exists(database))
        {
            await error.WriteLineAsync($"vexil admin reset-password: no store at '{database}' (set --Vexil:DataDirectory, or --config with the server's settings)");
            return 1;
        }

        var generated = passwordFile is null;
        var password = generated ? SecretTokens.NewPassword() : (await File.ReadAllTextAsync(passwordFile!, cancellationToken)).TrimEnd('\r', '\n');
        if (password.Length < 12)
        {
            await error.WriteLineAsync("vexil admin reset-password: the password must be at least 12 characters");
            return 2;
        }

        try
        {
            await using var store = await OpenAsync(options, database, cancellationToken);
            var account = new PasswordHasher(Options.Create(options)).Hash(username, password, Role.Administrator);
            var existing = await store.Store.GetAccountAsync(username, cancellationToken);
            var result = await store.Store.ResetAccountPasswordAsync(existing is null ? account : account with { Role = existing.Role }, new WriteContext("cli:admin-reset-password", null, null), cancellationToken);
            if (result.Status != WriteStatus.Ok)
            {
                await error.WriteLineAsync($"vexil admin reset-password: the store refused the change ({result.Status})");
                return 1;
            }

            await output.WriteLineAsync(existing is null
                ? $"vexil: created the administrator '{username}'."
                : $"vexil: reset the password of '{username}' and signed out its sessions.");
            if (generated)
            {
                await output.WriteLineAsync($"   username: {username}");
                await output.WriteLineAsync($"   password: {password}");
                await output.WriteLineAsync("This is shown only once.");
            }

            return 0;
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or NpgsqlException or IOException or UnauthorizedAccessException or Storage.Migrations.MigrationChecksumException)
        {
            await error.WriteLineAsync($"vexil admin reset-password: {e.Message}");
            return 1;
        }
    }

    private static async Task<OpenStore> OpenAsync(VexilOptions options, string database, CancellationToken cancellationToken)
    {
        var tracker = new EnvironmentVersionTracker();
        Database db;
        NpgsqlDataSource? dataSource = null;
        if (string.IsNullOrWhiteSpace(options.Postgres))
        {
            db = new SqliteDatabase(database, TimeProvider.System, tracker);
        }
        else
        {
            dataSource = NpgsqlDataSource.Create(options.PostgresConnectionString()!);
            db = new PostgresDatabase(dataSource, TimeProvider.System, tracker);
        }

        await db.MigrateAsync(cancellationToken);
        return new OpenStore(new AuthStore(db), db, dataSource);
    }

    private sealed record OpenStore(AuthStore Store, Database Database, NpgsqlDataSource? DataSource) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            (Database as IDisposable)?.Dispose();
            if (DataSource is not null)
            {
                await DataSource.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
