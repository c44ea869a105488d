using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Vexil.Server.Tests.Delivery.Compatibility;

/// <summary>
/// A delivery client frozen at protocol version 1, written only from docs/protocol.md and sharing no code with the
/// server or the SDK: it fetches a ruleset, follows the stream by reading SSE lines itself, applies each <c>change</c>
/// to exactly the previous version (upserting and deleting by key) and ignores event types it does not know. Newer
/// servers and edges must keep working with it unchanged; do not "update" it when the protocol grows.
/// </summary>
public sealed class FrozenV1Client : IAsyncDisposable
{
    private readonly HttpClient _http;
    private HttpResponseMessage? _stream;
    private StreamReader? _reader;

    public FrozenV1Client(Uri server, string serverKey, string? announcedVersion = "1")
    {
        _http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", serverKey);
        if (announcedVersion is not null)
        {
            _http.DefaultRequestHeaders.Add("Vexil-Protocol", announcedVersion);
        }
    }

    public long Version { get; private set; }

    /// <summary>Flags held, by key (whole flag objects as received).</summary>
    public Dictionary<string, JsonObject> Flags { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonObject> Segments { get; } = new(StringComparer.Ordinal);

    /// <summary>Event types seen that v1 does not define (ignored, as v1 requires).</summary>
    public List<string> Ignored { get; } = [];

    public async Task FetchRulesetAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("/sdk/v1/ruleset", cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"ruleset answered {(int)response.StatusCode}");
        }

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        Install(body);
        if (response.Headers.ETag?.Tag != $"\"{Version.ToString(CultureInfo.InvariantCulture)}\"")
        {
            throw new InvalidDataException($"ETag {response.Headers.ETag} does not name version {Version}");
        }
    }

    public async Task OpenStreamAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/v1/stream");
        if (Version > 0)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", Version.ToString(CultureInfo.InvariantCulture));
        }

        _stream = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (_stream.StatusCode != HttpStatusCode.OK || _stream.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            throw new HttpRequestException($"stream answered {(int)_stream.StatusCode} {_stream.Content.Headers.ContentType}");
        }

        _reader = new StreamReader(await _stream.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
    }

    /// <summary>Reads and applies events until the client holds <paramref name="version"/>.</summary>
    public async Task FollowUntilAsync(long version, CancellationToken cancellationToken)
    {
        while (Version < version)
        {
            var (type, data, id) = await NextEventAsync(cancellationToken);
            switch (type)
            {
                case "ruleset":
                    Install(JsonNode.Parse(data)!.AsObject());
                    break;
                case "change":
                    Apply(JsonNode.Parse(data)!.AsObject(), id);
                    break;
                default:
                    Ignored.Add(type);
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader?.Dispose();
        _stream?.Dispose();
        _http.Dispose();
        await Task.CompletedTask;
    }

    private async Task<(string Type, string Data, long? Id)> NextEventAsync(CancellationToken cancellationToken)
    {
        string? type = null;
        long? id = null;
        var data = new StringBuilder();
        while (true)
        {
            var line = await _reader!.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("the stream ended");
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return (type ?? "message", data.ToString(), id);
                }

                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "event":
                    type = value;
                    break;
                case "data":
                    data.Append(data.Length > 0 ? "\n" : string.Empty).Append(value);
                    break;
                case "id":
                    id = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
            }
        }
    }

    private void Install(JsonObject ruleset)
    {
        if ((int)ruleset["formatVersion"]! != 1)
        {
            throw new InvalidDataException("a v1 client reads formatVersion 1 only");
        }

        Flags.Clear();
        Segments.Clear();
        foreach (var flag in ruleset["flags"]!.AsArray())
        {
            Flags[(string)flag!["key"]!] = flag.AsObject();
        }

        foreach (var segment in ruleset["segments"]!.AsArray())
        {
            Segments[(string)segment!["key"]!] = segment.AsObject();
        }

        Version = (long)ruleset["version"]!;
    }

    private void Apply(JsonObject change, long? id)
    {
        var version = (long)change["version"]!;
        if (id != version || version != Version + 1)
        {
            throw new InvalidDataException($"change {version} (id {id}) does not follow version {Version}");
        }

        Merge(Flags, change["flags"]!.AsObject());
        Merge(Segments, change["segments"]!.AsObject());
        Version = version;
    }

    private static void Merge(Dictionary<string, JsonObject> held, JsonObject delta)
    {
        foreach (var item in delta["upsert"]!.AsArray())
        {
            held[(string)item!["key"]!] = item.DeepClone().AsObject();
        }

        foreach (var key in delta["delete"]!.AsArray())
        {
            held.Remove((string)key!);
        }
    }
}
