using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Vexil.Cluster.Tests.Faults;

/// <summary>
/// OFREP single-flag evaluations in a loop through one address, every answer counted by status. 200 is a success;
/// 502, 503 and 504 are the documented answers of a balancer or an edge while a node is down or before a ruleset
/// (counted apart); anything else, and an answer slower than the bound, is a failure.
/// </summary>
internal sealed class OfrepCaller(string name, Uri address, string key, IReadOnlyList<string> flags)
{
    private readonly ConcurrentDictionary<string, int> _answers = new();
    private long _maxTicks;

    public string Name { get; } = name;

    public IReadOnlyDictionary<string, int> Answers => _answers;

    public int Successes => _answers.GetValueOrDefault("200");

    public int Unavailable => _answers.Where(a => a.Key is "502" or "503" or "504").Sum(a => a.Value);

    public int Failures => _answers.Where(a => a.Key is not ("200" or "502" or "503" or "504")).Sum(a => a.Value);

    public TimeSpan MaxLatency => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxTicks));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var i = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            string answer;
            try
            {
                using var response = await http.PostAsJsonAsync($"/ofrep/v1/evaluate/flags/{flags[i++ % flags.Count]}", new { context = new { targetingKey = "user-" + i } }, cancellationToken);
                answer = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                answer = "timeout";
            }
            catch (HttpRequestException e)
            {
                answer = "error:" + (e.HttpRequestError.ToString());
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var elapsed = Stopwatch.GetTimestamp() - start;
            if (elapsed > _maxTicks)
            {
                _maxTicks = elapsed;
            }

            _answers.AddOrUpdate(answer, 1, (_, n) => n + 1);
            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
