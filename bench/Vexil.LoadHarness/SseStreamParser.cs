using System.Text;

namespace Vexil.LoadHarness;

/// <summary>
/// One stream's client-side parser, fed the raw bytes of the connection as they arrive: the HTTP/1.1 response head
/// (status 200, <c>text/event-stream</c>, chunked), the chunked transfer coding, and the Server-Sent Events lines
/// (WHATWG rules: LF, CRLF or CR line ends, <c>id</c>, <c>data</c>, <c>event</c>, <c>retry</c>, comments). An event
/// is dispatched at its blank line when it had data, with the last event id seen; data is scanned, not kept. A stream
/// resumed by <c>Last-Event-ID</c> sends no event until the next change: <c>headRead</c> says when its 200 head arrived.
/// </summary>
internal sealed class SseStreamParser(Action<long> dispatch, Action? headRead = null)
{
    private const int MaxHead = 8192;
    private const int FieldPrefix = 48; // "id: " and a long fit; longer lines are kept only as a length

    private readonly byte[] _line = new byte[FieldPrefix];
    private byte[]? _head = new byte[512];
    private int _headLength;
    private Chunk _chunk = Chunk.Size;
    private long _chunkRemaining;
    private int _lineLength;
    private bool _afterCr;
    private bool _eventHasData;
    private long _lastEventId = -1;

    private enum Chunk { Size, Extension, SizeLf, Data, DataCr, DataLf, Ended }

    /// <summary>Why the stream cannot be read further (bad status, malformed framing, end of body); null while healthy.</summary>
    public string? Error { get; private set; }

    /// <summary>Feeds bytes; calls the dispatch callback with each complete event's id. False once <see cref="Error"/> is set.</summary>
    public bool Feed(ReadOnlySpan<byte> bytes)
    {
        if (_head is not null)
        {
            bytes = ReadHead(bytes);
            if (_head is not null || Error is not null)
            {
                return Error is null;
            }
        }

        while (!bytes.IsEmpty && Error is null)
        {
            switch (_chunk)
            {
                case Chunk.Data:
                    var take = (int)Math.Min(_chunkRemaining, bytes.Length);
                    ScanEvents(bytes[..take]);
                    bytes = bytes[take..];
                    _chunkRemaining -= take;
                    if (_chunkRemaining == 0)
                    {
                        _chunk = Chunk.DataCr;
                    }

                    break;
                default:
                    ReadChunkFraming(bytes[0]);
                    bytes = bytes[1..];
                    break;
            }
        }

        return Error is null;
    }

    private ReadOnlySpan<byte> ReadHead(ReadOnlySpan<byte> bytes)
    {
        var room = MaxHead - _headLength;
        var copy = bytes[..Math.Min(room, bytes.Length)];
        if (_headLength + copy.Length > _head!.Length)
        {
            Array.Resize(ref _head, MaxHead);
        }

        copy.CopyTo(_head.AsSpan(_headLength));
        var searchFrom = Math.Max(0, _headLength - 3);
        _headLength += copy.Length;
        var end = _head.AsSpan(searchFrom, _headLength - searchFrom).IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            Error = _headLength == MaxHead ? "response head too long" : null;
            return default;
        }

        var headEnd = searchFrom + end + 4;
        var head = Encoding.ASCII.GetString(_head, 0, headEnd).ToLowerInvariant();
        Error = !head.StartsWith("http/1.1 200 ", StringComparison.Ordinal) ? "status: " + head[..Math.Max(0, head.IndexOf('\r', StringComparison.Ordinal))]
            : !head.Contains("\r\ntransfer-encoding: chunked\r\n", StringComparison.Ordinal) ? "not chunked"
            : !head.Contains("\r\ncontent-type: text/event-stream", StringComparison.Ordinal) ? "not an event stream"
            : null;
        var consumedHere = headEnd - (_headLength - copy.Length);
        _head = null;
        if (Error is null)
        {
            headRead?.Invoke();
        }

        return bytes[consumedHere..];
    }

    private void ReadChunkFraming(byte b)
    {
        switch (_chunk)
        {
            case Chunk.Size when IsHex(b):
                _chunkRemaining = (_chunkRemaining << 4) | (uint)HexValue(b);
                Error = _chunkRemaining > int.MaxValue ? "chunk too large" : null;
                break;
            case Chunk.Size or Chunk.Extension when b == (byte)'\r':
                _chunk = Chunk.SizeLf;
                break;
            case Chunk.Size when b == (byte)';':
            case Chunk.Extension:
                _chunk = Chunk.Extension;
                break;
            case Chunk.SizeLf when b == (byte)'\n':
                _chunk = _chunkRemaining == 0 ? Chunk.Ended : Chunk.Data;
                Error = _chunkRemaining == 0 ? "the stream ended" : null;
                break;
            case Chunk.DataCr when b == (byte)'\r':
                _chunk = Chunk.DataLf;
                break;
            case Chunk.DataLf when b == (byte)'\n':
                _chunk = Chunk.Size;
                break;
            default:
                Error = $"malformed chunked framing at byte 0x{b:x2} in state {_chunk}";
                break;
        }
    }

    private void ScanEvents(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_afterCr && data[0] == (byte)'\n')
            {
                data = data[1..];
                _afterCr = false;
                continue;
            }

            _afterCr = false;
            var end = data.IndexOfAny((byte)'\n', (byte)'\r');
            var part = end < 0 ? data : data[..end];
            if (_lineLength < FieldPrefix)
            {
                part[..Math.Min(part.Length, FieldPrefix - _lineLength)].CopyTo(_line.AsSpan(_lineLength));
            }

            _lineLength += part.Length;
            if (end < 0)
            {
                return;
            }

            _afterCr = data[end] == (byte)'\r';
            data = data[(end + 1)..];
            EndLine();
        }
    }

    private void EndLine()
    {
        var length = _lineLength;
        _lineLength = 0;
        if (length == 0)
        {
            if (_eventHasData)
            {
                _eventHasData = false;
                dispatch(_lastEventId);
            }

            return;
        }

        var line = _line.AsSpan(0, Math.Min(length, FieldPrefix));
        if (line[0] == (byte)':')
        {
            return; // a comment (heartbeat)
        }

        var colon = line.IndexOf((byte)':');
        var name = colon < 0 ? line : line[..colon];
        if (name.SequenceEqual("data"u8))
        {
            _eventHasData = true;
        }
        else if (name.SequenceEqual("id"u8))
        {
            var value = colon < 0 ? default : line[(colon + 1)..];
            value = !value.IsEmpty && value[0] == (byte)' ' ? value[1..] : value;
            if (length > FieldPrefix || !System.Buffers.Text.Utf8Parser.TryParse(value, out long id, out var used) || used != value.Length)
            {
                Error = "an id that is not a version";
                return;
            }

            _lastEventId = id;
        }
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
