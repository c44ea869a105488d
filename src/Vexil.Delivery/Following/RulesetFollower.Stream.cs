using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;

namespace Vexil.Delivery.Following;

public sealed partial class RulesetFollower
{
    /// <summary>One stream connection, from the request to its end. Never throws but on cancellation of <paramref name="cancellationToken"/>.</summary>
    private async Task<StreamAttempt> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            using var request = Request(_streamUri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            if (_target.Current is { } held)
            {
                request.Headers.TryAddWithoutValidation("Last-Event-ID", held.Version.ToString(CultureInfo.InvariantCulture));
            }

            using var opening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            opening.CancelAfter(_options.RequestTimeout);
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, opening.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new StreamAttempt(false, false, false, null, e is OperationCanceledException ? "connecting timed out" : e.Message);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                await _target.OnRefusedAsync(status, "/" + StreamPath, cancellationToken).ConfigureAwait(false);
                return new StreamAttempt(true, false, true, null, $"HTTP {status}");
            }

            if (!response.IsSuccessStatusCode)
            {
                return new StreamAttempt(true, false, false, Retry.RetryAfter.Read(response.Headers, _time.GetUtcNow()), $"HTTP {status}");
            }

            var type = response.Content.Headers.ContentType?.MediaType;
            if (!string.Equals(type, "text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                return new StreamAttempt(true, false, false, null, $"not an event stream ({type ?? "no content type"})");
            }

            _target.OnAccepted();
            _target.OnConnected();
            return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<StreamAttempt> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        IdleWatchStream? stream = null;
        try
        {
            var body = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
            stream = new IdleWatchStream(body, _options.IdleTimeout, _time, idle, _target.OnLive);
            var parser = SseParser.Create(stream, static (_, data) => data.ToArray());
            await foreach (var item in parser.EnumerateAsync(idle.Token).ConfigureAwait(false))
            {
                var outcome = await HandleAsync(item.EventType, item.EventId, item.Data, idle.Token).ConfigureAwait(false);
                if (outcome != EventOutcome.Continue)
                {
                    return new StreamAttempt(true, true, outcome == EventOutcome.Refused, null, "could not get back in step on this stream");
                }
            }

            return new StreamAttempt(true, stream.BytesRead > 0, false, null, "the upstream ended the stream");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = stream?.TimedOut == true ? $"no event or heartbeat within {_options.IdleTimeout}" : e.Message;
            return new StreamAttempt(true, stream?.BytesRead > 0, false, null, reason);
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private HttpRequestMessage Request(Uri uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Key);
        request.Headers.TryAddWithoutValidation(ProtocolHeader, "1");
        return request;
    }
}
