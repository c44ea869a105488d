using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace Vexil.Importers.Tests.Oracles;

/// <summary>
/// One Node process running a vendor's own evaluator (node/*.mjs), fed JSON lines on stdin: one load per flag set
/// and one batch of evaluations per line, so a test class pays for one process, not one per case.
/// </summary>
public sealed class NodeOracle : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private NodeOracle(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>The node/ folder (package.json, lock file, oracles).</summary>
    public static string Directory { get; } = typeof(NodeOracle).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OracleDirectory").Value!;

    public static NodeOracle Start(string script)
    {
        var start = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        start.Environment["TZ"] = "UTC";
        start.Environment["NO_COLOR"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started");
        return new NodeOracle(process);
    }

    public async Task LoadAsync(JsonNode data)
    {
        var reply = await SendAsync(new JsonObject { ["op"] = "load", ["data"] = data.DeepClone() });
        if (reply["ok"]?.GetValue<bool>() != true)
        {
            throw new InvalidOperationException("the oracle refused the data: " + reply.ToJsonString());
        }
    }

    public async Task<JsonArray> EvaluateAsync(JsonArray cases)
    {
        var reply = await SendAsync(new JsonObject { ["op"] = "eval", ["cases"] = cases.DeepClone() });
        return reply["results"] as JsonArray ?? throw new InvalidOperationException("the oracle failed: " + reply.ToJsonString());
    }

    private async Task<JsonNode> SendAsync(JsonObject message)
    {
        await _process.StandardInput.WriteLineAsync(message.ToJsonString());
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null)
        {
            string errors;
            lock (_stderr)
            {
                errors = _stderr.ToString();
            }

            throw new InvalidOperationException("the oracle exited: " + errors);
        }

        return JsonNode.Parse(line)!;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>Installs the pinned oracles once (<c>npm ci</c>). Fails, never skips, when node or npm is missing.</summary>
public sealed class NpmFixture : IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        var start = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
        {
            WorkingDirectory = NodeOracle.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("npm could not be started (is Node installed?)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed in {NodeOracle.Directory}:\n{await output}\n{await error}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class OracleCollection : ICollectionFixture<NpmFixture>
{
    public const string Name = "oracles";
}
