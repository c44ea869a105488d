using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vexil.Flagd;
using Vexil.Flagd.Tests.Conformance;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Serve;

/// <summary>
/// The flagd testbed's evaluation cases (the ones Vexil.Flagd.Tests' FlagdTestbedTests runs in-process) run over HTTP:
/// real <c>vexil serve</c> processes answer <c>POST /ofrep/v1/evaluate/flags/{key}</c> with each case's context, and
/// the answer is read the way an OFREP provider reads it. <see cref="KnownTestbedFailures"/> is the in-process list,
/// linked unchanged (Vexil.Server.Tests.csproj): its cases must still fail, and only on the fields it names.
/// </summary>
/// <remarks>
/// <para>How OFREP expresses an outcome, and so how it is compared:</para>
/// <list type="bullet">
/// <item>A 200 answer gives value, reason, variant and metadata; a 200 without <c>value</c> (no default variant, or
/// disabled without one) means "use the code default" (OFREP ADR 0006), so the case's default is the value.</item>
/// <item>An error answer (400/404) gives <c>errorCode</c> only: the provider answers the code default with reason
/// ERROR, and so does this test.</item>
/// <item>OFREP has no type: a provider detects TYPE_MISMATCH when the JSON type of the value differs from the type
/// asked for, and answers the default with reason ERROR. This test does the same, so a TYPE_MISMATCH case passes only
/// when the served value's JSON type differs from the case's type.</item>
/// <item><c>$flagd.timestamp</c>: the in-process runner fixes the clock at 2026-01-01; a served process reads the
/// real clock. The two timestamp cases compare it with 1 (1970) and 4133980802 (2100), so their expectations hold for
/// any clock between those; the test checks the clock is in that range when it sends them.</item>
/// </list>
/// <para>Cases that cannot be expressed through <c>vexil serve</c> are listed in <see cref="NotServable"/> with the
/// reason, and counted; the test asserts the list is exact.</para>
/// </remarks>
public sealed partial class ServeTestbedConformanceTests : IDisposable
{
    /// <summary>Cases of the other fractional bucketing versions, excluded as in FlagdTestbedTests.</summary>
    private static readonly string[] OtherBucketingVersions = ["@fractional-v1", "@fractional-v3"];

    private const string MergedFlagsFile = "flags/allFlags.json";

    /// <summary>
    /// The flags the testbed breaks on purpose (bad targeting), which flagd serves and answers PARSE_ERROR for. vexil
    /// serve rejects a file with any validation problem whole (docs/operations.md, "A bad file is rejected whole"), so
    /// these flags are taken out of the served copies and their cases cannot run over HTTP.
    /// </summary>
    private static readonly string[] DeliberatelyBrokenFlags = ["error-targeting-flag", "ref-to-nonexistent-evaluator-flag"];

    private const string BrokenFlagReason =
        "the flag's targeting is broken on purpose; flagd serves the rest of the file and answers PARSE_ERROR, but vexil serve "
        + "rejects a file with any validation problem whole, so the flag is removed from the served copy";

    /// <summary>As the testbed runs flagd (its sync stream adds this to every context): flagd's --context-value.</summary>
    private static readonly Dictionary<string, string> StaticContext = new(StringComparer.Ordinal) { ["Vexil__Serve__StaticContext__injectedmetadata"] = "set" };

    private static readonly DateTimeOffset TimestampLow = DateTimeOffset.FromUnixTimeSeconds(1);
    private static readonly DateTimeOffset TimestampHigh = DateTimeOffset.FromUnixTimeSeconds(4133980802);

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vexil-serve-testbed-" + Guid.NewGuid().ToString("N")[..8]);

    public ServeTestbedConformanceTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Root => Path.Combine(AppContext.BaseDirectory, "Serve", "flagd-testbed");

    /// <summary>Why a case cannot run through vexil serve, or null when it runs.</summary>
    public static string? NotServable(TestbedCase testCase) =>
        DeliberatelyBrokenFlags.Contains(testCase.FlagKey) ? BrokenFlagReason : null;

    [Fact(Timeout = 120_000)]
    public async Task EveryInProcessCase_EvaluatesOverOfrep_AsTheTestbedExpects()
    {
        var all = LoadCases();
        var cases = all.Where(c => !c.Tags.Any(OtherBucketingVersions.Contains)).ToList();

        // The in-process runner compiles flags/allFlags.json (flags/*.json merged) and evaluator/flags/testkit-flags.json
        // separately, and their keys collide: 59 of testkit's 60 keys are in flags/*.json too, and metadata-flag,
        // starts-ends-flag and equal-greater-lesser-version-flag differ. So one process per file group.
        var groups = cases.Select(c => c.FlagsFile).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var servedFiles = groups.ToDictionary(g => g, PrepareServedFiles, StringComparer.Ordinal);
        var processes = await Task.WhenAll(groups.Select(g => VexilProcess.StartServeAsync(servedFiles[g], settings: StaticContext)));
        var clients = groups.Select((g, i) => (g, new HttpClient { BaseAddress = processes[i].Address })).ToDictionary(p => p.g, p => p.Item2, StringComparer.Ordinal);
        try
        {
            foreach (var (group, client) in clients)
            {
                await WaitReadyAsync(client, processes[groups.IndexOf(group)]);
            }

            var failures = new List<string>();
            var run = 0;
            var passed = 0;
            var knownFailed = 0;
            var notServable = new List<string>();
            using var gate = new SemaphoreSlim(16);
            var results = await Task.WhenAll(cases.Select(async testCase =>
            {
                if (NotServable(testCase) is { } reason)
                {
                    return (testCase, Problems: (IReadOnlyList<string>?)null, Reason: reason);
                }

                await gate.WaitAsync(TestContext.Current.CancellationToken);
                try
                {
                    return (testCase, Problems: await RunAsync(clients[testCase.FlagsFile], testCase), Reason: (string?)null);
                }
                finally
                {
                    gate.Release();
                }
            }));

            foreach (var (testCase, problems, reason) in results)
            {
                if (problems is null)
                {
                    notServable.Add($"{testCase.Id}: {reason}");
                    continue;
                }

                run++;
                if (KnownTestbedFailures.Reasons.TryGetValue(testCase.Id, out var known))
                {
                    var fields = problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]).ToList();
                    if (problems.Count == 0)
                    {
                        failures.Add($"{testCase.Id}: listed as a known failure but passes over OFREP ({known})");
                    }
                    else if (!fields.SequenceEqual(KnownTestbedFailures.DifferingFields(testCase.Id)))
                    {
                        failures.Add($"{testCase.Id}: known failure differs on [{string.Join(", ", fields)}], expected only [{string.Join(", ", KnownTestbedFailures.DifferingFields(testCase.Id))}]: {string.Join("; ", problems)}");
                    }
                    else
                    {
                        knownFailed++;
                    }

                    continue;
                }

                if (problems.Count == 0)
                {
                    passed++;
                }
                else
                {
                    failures.Add($"{testCase.Id} ({testCase.FlagKey}, {testCase.Type}, context {testCase.Context.GetRawText()}): {string.Join("; ", problems)}");
                }
            }

            TestContext.Current.SendDiagnosticMessage(
                $"flagd testbed over OFREP: {all.Count} cases, {cases.Count} run in-process, {run} run over HTTP, {passed} pass, "
                + $"{knownFailed} known failures, {notServable.Count} not servable, {all.Count - cases.Count} other bucketing versions");
            Assert.True(failures.Count == 0, $"{failures.Count} of {run} cases failed over OFREP:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");

            // The exclusions are exact: the deliberately broken flags' cases, no more.
            Assert.Equal(3, notServable.Count);
            Assert.All(notServable, n => Assert.EndsWith(BrokenFlagReason, n, StringComparison.Ordinal));
            Assert.Equal(KnownTestbedFailures.Reasons.Count, knownFailed);
            Assert.Equal(cases.Count, run + notServable.Count);
            Assert.Equal(run - KnownTestbedFailures.Reasons.Count, passed);
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }

            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>Evaluates one case over OFREP and lists every way the outcome differs from the expectation.</summary>
    private static async Task<IReadOnlyList<string>> RunAsync(HttpClient client, TestbedCase testCase)
    {
        if (testCase.FlagKey == "timestamp-flag")
        {
            var now = DateTimeOffset.UtcNow;
            Assert.InRange(now, TimestampLow, TimestampHigh);
        }

        var body = new JsonObject { ["context"] = JsonNode.Parse(testCase.Context.GetRawText()) };
        using var content = new StringContent(body.ToJsonString(Compact), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(
            new Uri($"/ofrep/v1/evaluate/flags/{Uri.EscapeDataString(testCase.FlagKey)}", UriKind.Relative), content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var problems = new List<string>();
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound))
        {
            problems.Add($"status: {(int)response.StatusCode} {text}");
            return problems;
        }

        using var document = JsonDocument.Parse(text);
        var outcome = Read(document.RootElement, response.StatusCode, testCase);
        var expect = testCase.Expect;

        if (expect.TryGetProperty("value", out var value))
        {
            if (!JsonElement.DeepEquals(value, outcome.Value) && !NumbersEqual(value, outcome.Value))
            {
                problems.Add($"value: expected {value.GetRawText()}, got {outcome.Value.GetRawText()}");
            }

            if (testCase.Type == "Integer" && outcome.Value.ValueKind == JsonValueKind.Number && outcome.Value.GetDouble() % 1 != 0)
            {
                problems.Add($"value: an Integer case got the non-integral {outcome.Value.GetRawText()}");
            }
        }

        Compare(problems, expect, "reason", outcome.Reason);
        Compare(problems, expect, "errorCode", outcome.ErrorCode);
        Compare(problems, expect, "variant", outcome.Variant);

        if (expect.TryGetProperty("metadata", out var metadata))
        {
            foreach (var entry in metadata.EnumerateObject())
            {
                if (!outcome.Metadata.TryGetProperty(entry.Name, out var actual) || !MetadataEquals(entry.Value, actual))
                {
                    problems.Add($"metadata.{entry.Name}: expected {entry.Value.GetRawText()}, got {(outcome.Metadata.TryGetProperty(entry.Name, out _) ? actual.GetRawText() : "nothing")}");
                }
            }
        }

        if (expect.TryGetProperty("metadataEmpty", out var empty) && empty.GetBoolean() && outcome.Metadata.EnumerateObject().Any())
        {
            problems.Add($"metadata: expected none, got {outcome.Metadata.GetRawText()}");
        }

        return problems;
    }

    /// <summary>What an OFREP provider makes of an answer: the resolution details it returns to the application.</summary>
    private static Outcome Read(JsonElement body, HttpStatusCode status, TestbedCase testCase)
    {
        var metadata = body.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m.Clone() : EmptyObject;
        if (status != HttpStatusCode.OK)
        {
            return new Outcome(testCase.Default, "ERROR", string.Empty, body.GetProperty("errorCode").GetString()!, metadata);
        }

        var reason = body.TryGetProperty("reason", out var r) ? r.GetString()! : string.Empty;
        var variant = body.TryGetProperty("variant", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
        if (!body.TryGetProperty("value", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return new Outcome(testCase.Default, reason, variant, string.Empty, metadata);
        }

        if (!HasType(value, testCase.Type))
        {
            // OFREP carries no type: the provider finds the value is not of the type asked for.
            return new Outcome(testCase.Default, "ERROR", string.Empty, "TYPE_MISMATCH", metadata);
        }

        return new Outcome(value.Clone(), reason, variant, string.Empty, metadata);
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "Boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "String" => value.ValueKind == JsonValueKind.String,
        "Integer" or "Float" => value.ValueKind == JsonValueKind.Number,
        "Object" => value.ValueKind == JsonValueKind.Object,
        _ => throw new InvalidOperationException($"unknown case type {type}"),
    };

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private static void Compare(List<string> problems, JsonElement expect, string name, string actual)
    {
        if (expect.TryGetProperty(name, out var expected) && expected.GetString() != actual)
        {
            problems.Add($"{name}: expected '{expected.GetString()}', got '{actual}'");
        }
    }

    private static bool NumbersEqual(JsonElement expected, JsonElement actual) =>
        expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number && expected.GetDouble() == actual.GetDouble();

    private static bool MetadataEquals(JsonElement expected, JsonElement actual) => expected.ValueKind switch
    {
        JsonValueKind.String => actual.ValueKind == JsonValueKind.String && actual.GetString() == expected.GetString(),
        JsonValueKind.Number => actual.ValueKind == JsonValueKind.Number && actual.GetDouble() == expected.GetDouble(),
        JsonValueKind.True or JsonValueKind.False => actual.ValueKind == expected.ValueKind,
        _ => false,
    };

    /// <summary>
    /// Writes the files one case group is served from: flags/allFlags.json is flags/*.json in name order (as the
    /// testbed's launchpad merges them and the in-process runner compiles them), each copied with
    /// <see cref="DeliberatelyBrokenFlags"/> removed, which must be the only flags that fail to compile.
    /// </summary>
    private string[] PrepareServedFiles(string group)
    {
        var sources = group == MergedFlagsFile
            ? Directory.GetFiles(Path.Combine(Root, "flags"), "*.json").Order(StringComparer.Ordinal).ToArray()
            : [Path.Combine(Root, group)];
        var documents = sources.Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject()).ToList();

        var before = Compile(documents);
        var broken = before.Errors.Select(e => BrokenFlag().Match(e.Path)).ToList();
        Assert.All(broken, match => Assert.True(match.Success && DeliberatelyBrokenFlags.Contains(match.Groups["key"].Value), $"{group}: unexpected compile error"));
        foreach (var match in broken)
        {
            documents[int.Parse(match.Groups["doc"].Value, System.Globalization.CultureInfo.InvariantCulture)]["flags"]!.AsObject().Remove(match.Groups["key"].Value);
        }

        Assert.True(Compile(documents).Succeeded, $"{group}: still does not compile with the broken flags removed");

        var folder = Path.Combine(_folder, group.Replace('/', '_'));
        Directory.CreateDirectory(folder);
        return [.. sources.Select((source, i) =>
        {
            var path = Path.Combine(folder, Path.GetFileName(source));
            File.WriteAllText(path, documents[i].ToJsonString(Compact));
            return path;
        })];
    }

    private static FlagdCompileResult Compile(IReadOnlyList<JsonObject> documents) =>
        FlagdCompiler.Compile(
            documents.Select(d => new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(d.ToJsonString(Compact)))).ToList(),
            new FlagdCompileOptions { Environment = "testbed", Version = 1 });

    private static IReadOnlyList<TestbedCase> LoadCases()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "flattened-cases.json")));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(TestbedCase.FromJson)];
    }

    private static async Task WaitReadyAsync(HttpClient client, VexilProcess process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"vexil serve never became ready:{Environment.NewLine}{process.Output}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    [GeneratedRegex(@"^documents\[(?<doc>\d+)\]\.flags\.(?<key>[^.\[]+)")]
    private static partial Regex BrokenFlag();

    private sealed record Outcome(JsonElement Value, string Reason, string Variant, string ErrorCode, JsonElement Metadata);
}
