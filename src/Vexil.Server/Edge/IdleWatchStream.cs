namespace Vexil.Server.Edge;

/// <summary>
/// A read-only stream over the upstream's event stream that cancels <c>onIdle</c> when no byte (event or
/// heartbeat comment) has arrived for the idle timeout: a half-open connection is then noticed and replaced.
/// </summary>
internal sealed class IdleWatchStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _onIdle;
    private readonly ITimer _timer;
    private long _lastRead;

    public IdleWatchStream(Stream inner, TimeSpan timeout, TimeProvider time, CancellationTokenSource onIdle)
    {
        _inner = inner;
        _time = time;
        _timeout = timeout;
        _onIdle = onIdle;
        _lastRead = time.GetTimestamp();
        var period = timeout / 4;
        _timer = time.CreateTimer(_ => Check(), null, period, period);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Touch(_inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Touch(await _inner.ReadAsync(buffer, cancellationToken));

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
        await _timer.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _timer.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Touch(int read)
    {
        Volatile.Write(ref _lastRead, _time.GetTimestamp());
        return read;
    }

    private void Check()
    {
        if (_time.GetElapsedTime(Volatile.Read(ref _lastRead)) > _timeout)
        {
            try
            {
                _onIdle.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
