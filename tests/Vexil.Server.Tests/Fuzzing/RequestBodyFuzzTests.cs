using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Vexil.Server.FlagsAsCode;
using Vexil.Server.Tests.Api;
using Vexil.Testing.Fuzzing;

namespace Vexil.Server.Tests.Fuzzing;

/// <summary>
/// Every endpoint that reads a JSON body, on a real control plane, edge and <c>vexil serve</c> (the bad-Unicode
/// table's routes and callers), sent mutated bodies: each answers, and never with a 5xx. And the flags file
/// (<c>vexil apply</c>'s input) read directly: a file or errors, never an exception, and what it accepts writes
/// back to a file that reads the same.
/// </summary>
public sealed class RequestBodyFuzzTests(BadUnicodeFixture fixture, ITestOutputHelper output) : IClassFixture<BadUnicodeFixture>
{
    [Fact(Timeout = 600_000)]
    public void EveryJsonEndpoint_AnswersMutatedBodies_WithoutA5xx()
    {
        var ct = TestContext.Current.CancellationToken;
        var perRoute = FuzzBudget.Seconds > 0 ? -1 : 40;
        var total = new FuzzCounts();
        foreach (var c in BadUnicodeTests.Cases)
        {
            using var client = BadUnicodeTests.Client(fixture, c);
            var path = c.Path.Replace("{p}", fixture.Project, StringComparison.Ordinal);
            var seeds = new List<byte[]> { Encoding.UTF8.GetBytes(c.Body.Replace("@@", "x", StringComparison.Ordinal)) };
            var counts = new FuzzCounts();
            JsonMutator.Inputs(seeds).Sample(
                body =>
                {
                    using var request = new HttpRequestMessage(new HttpMethod(c.Method), path) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    request.Headers.TryAddWithoutValidation("If-Match", "*");
                    using var response = client.Send(request, ct);
                    var status = (int)response.StatusCode;
                    Assert.True(status < 500, $"{c.Name}: {status} {response.Content.ReadAsStringAsync(ct).GetAwaiter().GetResult()}");
                    counts.Count(status < 400);
                    total.Count(status < 400);
                },
                iter: perRoute < 0 ? long.MaxValue : perRoute,
                time: perRoute < 0 ? Math.Max(1, FuzzBudget.Seconds / BadUnicodeTests.Cases.Length) : -1,
                threads: 1,
                print: JsonMutator.Print);
        }

        output.WriteLine(FuzzBudget.Report($"request bodies ({BadUnicodeTests.Cases.Length} routes)", total));
        Assert.True(total.Accepted > 0 && total.Accepted < total.Tried, $"{total.Accepted} of {total.Tried} bodies accepted: the mutations test one outcome only");
    }

    [Fact]
    public void FlagsFileReader_NeverThrows_AndWhatItAcceptsRoundTrips()
    {
        var seeds = new List<byte[]>
        {
            """{"formatVersion":1,"flags":[{"key":"a","name":"A","type":"boolean","tags":["t"],"variations":[{"key":"on","value":true},{"key":"off","value":false}],"enabled":true,"offVariation":"off","targets":[{"variation":"on","values":["u1"]}],"rules":[{"id":"r1","clauses":[{"attribute":"email","operator":"endsWith","values":["@example.com"]}],"serve":{"rollout":{"weights":[{"variation":"on","weight":50000},{"variation":"off","weight":50000}]}}},{"id":"r2","clauses":[{"attribute":"segment","operator":"segmentMatch","values":["beta"]}],"serve":{"variation":"on"}}],"fallthrough":{"variation":"off"}}],"segments":[{"key":"beta","included":["u2"],"excluded":[],"rules":[{"id":"s1","clauses":[{"attribute":"plan","operator":"in","values":["pro"]}]}]}]}"""u8.ToArray(),
            """{"formatVersion":1,"flags":[{"key":"s","name":"S","type":"string","variations":[{"key":"a","value":"x"},{"key":"b","value":"y"}],"fallthrough":{"variation":"a"},"prerequisites":[{"flag":"a","variation":"on"}]}]}"""u8.ToArray(),
        };
        var counts = new FuzzCounts();
        JsonMutator.Inputs(seeds).Sample(
            input =>
            {
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(input, new JsonDocumentOptions { MaxDepth = 64 });
                }
                catch (JsonException)
                {
                    counts.Count(accepted: false);
                    return;
                }

                using (document)
                {
                    var (file, errors) = FlagsFileJson.Read(document.RootElement);
                    if (file is null)
                    {
                        Assert.NotEmpty(errors);
                        counts.Count(accepted: false);
                        return;
                    }

                    var written = FlagsFileJson.Write(file);
                    using var again = JsonDocument.Parse(written);
                    var (reread, rereadErrors) = FlagsFileJson.Read(again.RootElement);
                    Assert.True(reread is not null, string.Join("; ", rereadErrors));
                    Assert.Equal(Encoding.UTF8.GetString(written), Encoding.UTF8.GetString(FlagsFileJson.Write(reread)));
                    counts.Count(accepted: true);
                }
            },
            iter: FuzzBudget.Iterations(2_000),
            time: FuzzBudget.Seconds,
            print: JsonMutator.Print);

        output.WriteLine(FuzzBudget.Report("flags files", counts));
        Assert.True(counts.Accepted >= counts.Tried / 20, $"only {counts.Accepted} of {counts.Tried} flags files read");
    }

    /// <summary>The fuzzer's first finding (seed bfPGoXwWHQv1): reading a lone surrogate threw InvalidOperationException.</summary>
    [Theory]
    [InlineData("""{"formatVersion":1,"flags":[{"key":"a","name":"\udc00","type":"boolean"}]}""", "flags[0].name")]
    [InlineData("""{"formatVersion":1,"segments":[{"key":"s","included":["\ud800"]}]}""", "segments[0].included[0]")]
    [InlineData("""{"formatVersion":1,"flags":[{"key":"a","variations":[{"key":"v","value":1e999}]}]}""", "flags[0].variations[0].value")]
    public void FlagsFileReader_TextThatIsNotUnicodeOrAnInfiniteNumber_IsAnErrorWithItsPath(string json, string path)
    {
        using var document = JsonDocument.Parse(json);

        var (file, errors) = FlagsFileJson.Read(document.RootElement);

        Assert.Null(file);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
    }
}
