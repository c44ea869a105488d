using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vexil.Cluster.Tests.Faults;

/// <summary>
/// The writer of the fault suite: toggles its flags through HAProxy's control-plane frontend with If-Match (the
/// flag's last ETag), one write at a time, and records every acknowledged write with the environment version it
/// returned. A write that fails without an answer may or may not have committed: the writer reads the flag back and
/// takes what the store holds, so its view of every flag is always the store's.
/// </summary>
internal sealed class FlagWriter(Uri controlPlane, string password, string project, string environment, IReadOnlyList<string> flags)
{
    private readonly ConcurrentQueue<AcknowledgedWrite> _acknowledged = new();
    private readonly Dictionary<string, (bool Enabled, string ETag)> _state = [];
    private HttpClient _http = null!;
    private int _paused;
    private int _busy;

    public int Failures;

    /// <summary>The administrator's session (for reads while the writer is paused).</summary>
    public HttpClient Http => _http;

    public int PreconditionFailures;

    public IReadOnlyCollection<AcknowledgedWrite> Acknowledged => _acknowledged;

    /// <summary>Each flag's value as the store holds it (the last acknowledged write, or what a read-back found).</summary>
    public IReadOnlyDictionary<string, bool> Expected => _state.ToDictionary(s => s.Key, s => s.Value.Enabled);

    /// <summary>While paused the writer finishes its current write and starts no other.</summary>
    public bool Paused
    {
        get => Volatile.Read(ref _paused) == 1;
        set => Volatile.Write(ref _paused, value ? 1 : 0);
    }

    /// <summary>Paused and no write in flight: the store's version no longer moves because of this writer.</summary>
    public bool Idle => Paused && Volatile.Read(ref _busy) == 0;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        _http = new HttpClient { BaseAddress = controlPlane, Timeout = TimeSpan.FromSeconds(15) };
        await SignInAsync(cancellationToken);
        foreach (var flag in flags)
        {
            var created = await _http.PostAsJsonAsync($"/api/v1/projects/{project}/flags", new
            {
                key = flag,
                type = "boolean",
                name = "Fault " + flag,
                variations = new object[] { new { key = "on", value = true }, new { key = "off", value = false } },
            }, cancellationToken);
            created.EnsureSuccessStatusCode();
            await ReadBackAsync(flag, cancellationToken);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var index = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            Volatile.Write(ref _busy, 0);
            if (Paused)
            {
                await Delay(50, cancellationToken);
                continue;
            }

            Volatile.Write(ref _busy, 1);
            if (Paused)
            {
                continue;
            }

            var flag = flags[index++ % flags.Count];
            try
            {
                await WriteAsync(flag, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref Failures);
                await RecoverAsync(flag, cancellationToken);
            }

            await Delay(100, cancellationToken);
        }
    }

    private async Task WriteAsync(string flag, CancellationToken cancellationToken)
    {
        var (enabled, etag) = _state[flag];
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{project}/environments/{environment}/flags/{flag}/enabled")
        {
            Content = JsonContent.Create(new { enabled = !enabled }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            // With one writer a 412 means the store moved under it: a lost update. Counted, and checked as an invariant.
            Interlocked.Increment(ref PreconditionFailures);
            await ReadBackAsync(flag, cancellationToken);
            return;
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            await SignInAsync(cancellationToken);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var version = body.GetProperty("versions").GetProperty(environment).GetInt64();
        _state[flag] = (!enabled, response.Headers.ETag!.ToString());
        _acknowledged.Enqueue(new AcknowledgedWrite(flag, !enabled, version));
    }

    /// <summary>After a write without an answer: reads the flag back until the control plane answers (bounded).</summary>
    private async Task RecoverAsync(string flag, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 600 && !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await ReadBackAsync(flag, cancellationToken);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await Delay(200, cancellationToken);
            }
        }
    }

    private async Task ReadBackAsync(string flag, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"/api/v1/projects/{project}/environments/{environment}/flags/{flag}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            await SignInAsync(cancellationToken);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} reading {flag} back");
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        _state[flag] = (body.GetProperty("flag").GetProperty("enabled").GetBoolean(), response.Headers.ETag!.ToString());
    }

    private async Task SignInAsync(CancellationToken cancellationToken)
    {
        using var login = await _http.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password }, cancellationToken);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    private static async Task Delay(int milliseconds, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(milliseconds, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>A write the control plane acknowledged (2xx) with the environment version it produced.</summary>
internal sealed record AcknowledgedWrite(string Flag, bool Enabled, long Version);
