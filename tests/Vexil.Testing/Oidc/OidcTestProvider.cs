using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vexil.Testing.Oidc;

/// <summary>
/// A real OpenID Connect provider (the npm package <c>oidc-provider</c>, pinned in Oidc/node/package-lock.json) on
/// 127.0.0.1 and a free port: clients as given, users with groups in a file the tests rewrite, the authorization code
/// flow with PKCE, the device flow. Starting installs the package once (<c>npm ci</c>), waits for the discovery
/// document, and throws (a test fails, never skips) when node or npm is missing. Disposing kills the process.
/// </summary>
public sealed partial class OidcTestProvider : IAsyncDisposable
{
    private static readonly SemaphoreSlim Install = new(1, 1);
    private static bool _installed;

    private readonly string _folder;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private readonly Dictionary<string, TestUser> _users = new(StringComparer.Ordinal);

    private OidcTestProvider(string folder, Process process, ConcurrentQueue<string> output, Uri issuer)
    {
        _folder = folder;
        _process = process;
        _output = output;
        Issuer = issuer;
    }

    /// <summary>The node/ folder: package.json, the lock file and provider.mjs.</summary>
    public static string Directory { get; } = typeof(OidcTestProvider).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "OidcProviderDirectory").Value!;

    /// <summary>The provider's issuer, <c>http://127.0.0.1:port</c> (no trailing slash).</summary>
    public Uri Issuer { get; }

    /// <summary>The issuer as the provider writes it in tokens.</summary>
    public string IssuerText => Issuer.GetLeftPart(UriPartial.Authority);

    /// <summary>What node printed (for failure messages).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts a provider with <paramref name="clients"/> (client metadata as oidc-provider reads it).</summary>
    public static async Task<OidcTestProvider> StartAsync(IEnumerable<OidcTestClient> clients, CancellationToken cancellationToken = default)
    {
        await EnsureInstalledAsync(cancellationToken);
        var folder = Path.Combine(Path.GetTempPath(), "vexil-oidc-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(folder);
        var usersFile = Path.Combine(folder, "users.json");
        await File.WriteAllTextAsync(usersFile, "{}", cancellationToken);
        var config = new JsonObject
        {
            ["usersFile"] = usersFile,
            ["clients"] = new JsonArray(clients.Select(c => (JsonNode)c.ToJson()).ToArray()),
        };
        var configFile = Path.Combine(folder, "config.json");
        await File.WriteAllTextAsync(configFile, config.ToJsonString(), cancellationToken);

        var info = new ProcessStartInfo("node") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("provider.mjs");
        info.ArgumentList.Add(configFile);
        info.Environment["NO_COLOR"] = "1";
        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (e.Data.StartsWith("listening ", StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(e.Data["listening ".Length..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The OpenID provider exited:\n" + string.Join('\n', output)));
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"node could not be started (scripts/install-deps.sh installs it): {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var provider = (OidcTestProvider?)null;
        try
        {
            var issuer = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            provider = new OidcTestProvider(folder, process, output, issuer);
            await provider.WaitForDiscoveryAsync(cancellationToken);
            return provider;
        }
        catch
        {
            if (provider is not null)
            {
                await provider.DisposeAsync();
            }
            else
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
            }

            throw;
        }
    }

    /// <summary>Adds or replaces a user; the provider reads the file at every sign-in, so changed groups count from the next one.</summary>
    public async Task SetUserAsync(TestUser user)
    {
        _users[user.Name] = user;
        var json = new JsonObject();
        foreach (var (name, u) in _users)
        {
            json[name] = new JsonObject
            {
                ["password"] = u.Password,
                ["email"] = u.Email ?? $"{u.Name}@example.test",
                ["groups"] = new JsonArray(u.Groups.Select(g => (JsonNode)JsonValue.Create(g)).ToArray()),
            };
        }

        var file = Path.Combine(_folder, "users.json");
        await File.WriteAllTextAsync(file + ".tmp", json.ToJsonString());
        File.Move(file + ".tmp", file, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        if (System.IO.Directory.Exists(_folder))
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private async Task WaitForDiscoveryAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Issuer, "/.well-known/openid-configuration"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                    if (document.RootElement.GetProperty("issuer").GetString() == IssuerText)
                    {
                        return;
                    }
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException("The OpenID provider's discovery document did not appear:\n" + Output);
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>
    /// <c>npm ci</c> once, unless node_modules is already installed from the current lock file (npm's hidden lock file
    /// is newer than package-lock.json): test assemblies run side by side, and a reinstall would pull node_modules
    /// from under another's running provider. A lock file keeps two processes from installing at once.
    /// </summary>
    private static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await Install.WaitAsync(cancellationToken);
        try
        {
            using var crossProcess = await LockAsync(Path.Combine(Path.GetTempPath(), "vexil-oidc-npm-install.lock"), cancellationToken);
            var hidden = new FileInfo(Path.Combine(Directory, "node_modules", ".package-lock.json"));
            if (_installed || (hidden.Exists && hidden.LastWriteTimeUtc >= File.GetLastWriteTimeUtc(Path.Combine(Directory, "package-lock.json"))))
            {
                _installed = true;
                return;
            }

            var info = new ProcessStartInfo("npm") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = new Process { StartInfo = info };
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"npm could not be started (scripts/install-deps.sh installs it): {e.Message}", e);
            }

            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(bound.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed ({process.ExitCode}) in {Directory}:\n{await stdout}\n{await stderr}");
            }

            _installed = true;
        }
        finally
        {
            Install.Release();
        }
    }
}
