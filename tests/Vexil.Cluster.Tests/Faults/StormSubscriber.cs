using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vexil.Cluster.Tests.Faults;

/// <summary>
/// A cheap SSE subscriber for the reconnect storm: one raw socket, an HTTP/1.1 request written by hand, a chunked
/// decoder and a line scanner that keeps only the last <c>id:</c> (the version). It reconnects with
/// <c>Last-Event-ID</c> after jittered exponential backoff, as the protocol asks of receivers.
/// </summary>
internal sealed class StormSubscriber(IPEndPoint edge, string key)
{
    private static readonly byte[] IdPrefix = "id: "u8.ToArray();

    private readonly byte[] _buffer = new byte[4096];
    private readonly byte[] _line = new byte[32];
    private int _lineLength;
    private bool _lineTooLong;
    private long _chunkRemaining;
    private int _chunkState;
    private long _chunkSize;

    public long Version;

    public int Connections;

    public int Backwards;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(edge, cancellationToken);
                var resume = Volatile.Read(ref Version) > 0 ? $"Last-Event-ID: {Volatile.Read(ref Version).ToString(CultureInfo.InvariantCulture)}\r\n" : string.Empty;
                await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /sdk/v1/stream HTTP/1.1\r\nHost: {edge}\r\nAuthorization: Bearer {key}\r\n{resume}\r\n"), cancellationToken);
                if (await ReadHeadersAsync(socket, cancellationToken) is not { } body)
                {
                    throw new IOException("not 200");
                }

                Interlocked.Increment(ref Connections);
                failures = 0;
                _chunkState = 0;
                _chunkSize = 0;
                _lineLength = 0;
                _lineTooLong = false;
                Feed(body.Span);
                int read;
                while ((read = await socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken)) > 0)
                {
                    Feed(_buffer.AsSpan(0, read));
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Refused, reset, closed, 503 while the edge has no ruleset yet: reconnect below.
            }

            failures++;
            var cap = Math.Min(5_000, 250 * (1 << Math.Min(failures, 5)));
            try
            {
                await Task.Delay(Random.Shared.Next(cap / 4, cap + 1), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads the response head; returns the body bytes read with it, or null when the status is not 200.</summary>
    private async Task<ReadOnlyMemory<byte>?> ReadHeadersAsync(Socket socket, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (true)
        {
            var read = await socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            filled += read;
            var end = _buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = _buffer.AsSpan(0, end);
                if (!head.StartsWith("HTTP/1.1 200"u8) || head.IndexOf("chunked"u8) < 0)
                {
                    return null;
                }

                return _buffer.AsMemory(end + 4, filled - end - 4).ToArray();
            }

            if (filled == _buffer.Length)
            {
                return null;
            }
        }
    }

    /// <summary>Decodes chunked transfer coding and passes the payload on to the line scanner.</summary>
    private void Feed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            switch (_chunkState)
            {
                case 0: // the chunk size in hex, up to CRLF
                    var b = data[0];
                    data = data[1..];
                    if (b == '\n')
                    {
                        _chunkRemaining = _chunkSize;
                        _chunkSize = 0;
                        _chunkState = _chunkRemaining == 0 ? 3 : 1;
                    }
                    else if (HexConverter(b) is var digit and >= 0)
                    {
                        _chunkSize = (_chunkSize * 16) + digit;
                    }

                    break;
                case 1: // the chunk's data
                    var take = (int)Math.Min(_chunkRemaining, data.Length);
                    Scan(data[..take]);
                    data = data[take..];
                    _chunkRemaining -= take;
                    if (_chunkRemaining == 0)
                    {
                        _chunkState = 2;
                    }

                    break;
                case 2: // CRLF after the data
                    if (data[0] == '\n')
                    {
                        _chunkState = 0;
                    }

                    data = data[1..];
                    break;
                default: // the last chunk: the stream ended
                    return;
            }
        }
    }

    private void Scan(ReadOnlySpan<byte> payload)
    {
        foreach (var b in payload)
        {
            if (b == '\n')
            {
                var line = _line.AsSpan(0, _lineLength);
                if (!_lineTooLong && line.StartsWith(IdPrefix) && Utf8Parser.TryParse(line[IdPrefix.Length..], out long id, out _))
                {
                    if (id < Volatile.Read(ref Version))
                    {
                        Interlocked.Increment(ref Backwards);
                    }

                    Volatile.Write(ref Version, id);
                }

                _lineLength = 0;
                _lineTooLong = false;
            }
            else if (_lineLength < _line.Length)
            {
                _line[_lineLength++] = b;
            }
            else
            {
                _lineTooLong = true;
            }
        }
    }

    private static int HexConverter(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
