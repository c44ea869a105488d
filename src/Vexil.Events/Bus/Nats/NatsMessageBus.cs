using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Vexil.Events.Bus.Nats;

/// <summary>
/// The distributed bus: one JetStream stream (file storage) over <c>{prefix}.&gt;</c>; a publish carries the message id
/// as <c>Nats-Msg-Id</c> so the stream's duplicate window drops re-sends, and completes only on the stream's ack.
/// Consumers are durable pull consumers with explicit acknowledgement. Works with nats-server 2.9. Traced with
/// <see cref="NatsTelemetry"/>: the publish's context travels in the message's <c>traceparent</c> header.
/// </summary>
internal sealed class NatsMessageBus : IMessageBus
{
    private readonly NatsBusOptions _options;
    private readonly TimeSpan _duplicateWindow;
    private readonly TimeSpan _ackWait;
    private readonly NatsConnection _connection;
    private readonly NatsJSContext _js;
    private readonly SemaphoreSlim _streamGate = new(1, 1);
    private volatile bool _streamReady;

    public NatsMessageBus(NatsBusOptions options, TimeSpan duplicateWindow, TimeSpan ackWait)
    {
        _options = options;
        _duplicateWindow = duplicateWindow;
        _ackWait = ackWait;
        _connection = new NatsConnection(NatsOpts.Default with
        {
            Url = options.Url,
            Name = "vexil-events",
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
            ReconnectWaitMax = TimeSpan.FromSeconds(2),
            AuthOpts = NatsAuthOpts.Default with { Username = options.Username, Password = options.Password, Token = options.Token },
        });
        _js = new NatsJSContext(_connection);
    }

    public async Task PublishAsync(string topic, string messageId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        try
        {
            await EnsureStreamAsync(timeout.Token);
            var subject = Subject(topic);
            using var activity = NatsTelemetry.StartPublish(subject, messageId, out var headers);
            var ack = await _js.PublishAsync(
                subject,
                payload,
                opts: new NatsJSPubOpts { MsgId = messageId },
                headers: headers,
                cancellationToken: timeout.Token);
            ack.EnsureSuccess();
        }
        catch (NatsJSDuplicateMessageException)
        {
            // Stored earlier under the same id, inside the stream's duplicate window: equally durable.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BusUnavailableException($"JetStream did not acknowledge within {_options.PublishTimeout}");
        }
        catch (Exception ex) when (ex is NatsException or NatsJSException)
        {
            throw new BusUnavailableException("JetStream refused the message", ex);
        }
    }

    /// <summary>Asks JetStream for the stream's state: the connection, JetStream and the stream all answer, within the publish bound.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);
        try
        {
            await EnsureStreamAsync(timeout.Token);
            await _js.GetStreamAsync(_options.StreamName, cancellationToken: timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BusUnavailableException($"JetStream did not answer within {_options.PublishTimeout}");
        }
        catch (Exception ex) when (ex is NatsException or NatsJSException)
        {
            throw new BusUnavailableException("JetStream is not reachable", ex);
        }
    }

    public async Task<IMessageConsumer> OpenConsumerAsync(string topic, string consumerName, CancellationToken cancellationToken)
    {
        await EnsureStreamAsync(cancellationToken);
        var consumer = await _js.CreateOrUpdateConsumerAsync(
            _options.StreamName,
            new ConsumerConfig(consumerName)
            {
                AckPolicy = ConsumerConfigAckPolicy.Explicit,
                DeliverPolicy = ConsumerConfigDeliverPolicy.All,
                FilterSubject = Subject(topic),
                AckWait = _ackWait,
                MaxDeliver = -1,
                MaxAckPending = 10_000,
            },
            cancellationToken);
        return new NatsMessageConsumer(consumer);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _streamGate.Dispose();
    }

    private string Subject(string topic) => _options.SubjectPrefix + "." + topic;

    private async Task EnsureStreamAsync(CancellationToken cancellationToken)
    {
        if (_streamReady)
        {
            return;
        }

        await _streamGate.WaitAsync(cancellationToken);
        try
        {
            if (!_streamReady)
            {
                await _js.CreateOrUpdateStreamAsync(
                    new StreamConfig(_options.StreamName, [_options.SubjectPrefix + ".>"])
                    {
                        Storage = StreamConfigStorage.File,
                        Retention = StreamConfigRetention.Limits,
                        DuplicateWindow = _duplicateWindow,
                        MaxAge = _options.MaxAge,
                    },
                    cancellationToken);
                _streamReady = true;
            }
        }
        finally
        {
            _streamGate.Release();
        }
    }
}
