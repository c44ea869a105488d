namespace Vexil.Delivery.Following;

/// <summary>
/// A read-only stream over an event stream that cancels <c>onIdle</c> when no byte (event or heartbeat comment) has
/// arrived for the idle timeout, so a half-open connection is noticed and replaced; it also reports the first byte
/// (the stream is live) and counts the bytes. One timer per stream, checking four times per timeout: nothing per read
/// but a timestamp.
/// </summary>
internal sealed class IdleWatchStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _onIdle;
    private readonly Action? _onFirstByte;
    private readonly ITimer _timer;
    private long _lastRead;
    private int _idle;

    public IdleWatchStream(Stream inner, TimeSpan timeout, TimeProvider time, CancellationTokenSource onIdle, Action? onFirstByte = null)
    {
        _inner = inner;
        _time = time;
        _timeout = timeout;
        _onIdle = onIdle;
        _onFirstByte = onFirstByte;
        _lastRead = time.GetTimestamp();
        var period = timeout / 4;
        _timer = time.CreateTimer(_ => Check(), null, period, period);
    }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>True once the stream was found idle (and <c>onIdle</c> cancelled).</summary>
    public bool TimedOut => Volatile.Read(ref _idle) == 1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Touch(_inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Touch(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Touch(int read)
    {
        if (read > 0)
        {
            Volatile.Write(ref _lastRead, _time.GetTimestamp());
            if (BytesRead == 0)
            {
                _onFirstByte?.Invoke();
            }

            BytesRead += read;
        }

        return read;
    }

    private void Check()
    {
        if (_time.GetElapsedTime(Volatile.Read(ref _lastRead)) <= _timeout)
        {
            return;
        }

        Volatile.Write(ref _idle, 1);
        try
        {
            _onIdle.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection already ended.
        }
    }
}
