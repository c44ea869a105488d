using System.Runtime.InteropServices;

namespace Vexil.LoadHarness;

/// <summary>
/// Linux epoll, for the subscribers' receive loops: one readiness wait for many sockets and then exactly one
/// <c>recv</c> per readable socket, which is what an efficient event-loop client (nginx, Go's netpoller) does.
/// .NET's own socket engine also uses epoll but tries a <c>recv</c> before every wait (a second, empty call per event).
/// </summary>
internal static partial class Epoll
{
    public const uint In = 0x001;
    public const uint Err = 0x008;
    public const uint Hup = 0x010;
    public const uint RdHup = 0x2000;
    private const int CtlAdd = 1;
    private const int CtlDel = 2;
    private const int CloExec = 0x80000;
    private const int Eintr = 4;

    public static int Create()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException("the load harness's subscribers need Linux on x86-64 (epoll, packed epoll_event)");
        }

        var fd = epoll_create1(CloExec);
        return fd >= 0 ? fd : throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public static void Add(int epoll, nint socket, int token)
    {
        var item = new Event { Events = In | RdHup, Data = (ulong)token };
        if (epoll_ctl(epoll, CtlAdd, (int)socket, ref item) != 0)
        {
            throw new InvalidOperationException($"epoll_ctl(ADD) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public static void Remove(int epoll, nint socket)
    {
        var item = default(Event);
        _ = epoll_ctl(epoll, CtlDel, (int)socket, ref item);
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for readiness; the number of ready sockets (0 on timeout or signal).</summary>
    public static unsafe int Wait(int epoll, Event[] events, int timeoutMs)
    {
        fixed (Event* ready = events)
        {
            var n = epoll_wait(epoll, ready, events.Length, timeoutMs);
            if (n >= 0)
            {
                return n;
            }

            var errno = Marshal.GetLastPInvokeError();
            return errno == Eintr ? 0 : throw new InvalidOperationException($"epoll_wait failed: errno {errno}");
        }
    }

    public static void Close(int epoll) => _ = close(epoll);

    /// <summary><c>struct epoll_event</c>, packed on x86-64 (12 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 12)]
    public struct Event
    {
        [FieldOffset(0)]
        public uint Events;

        [FieldOffset(4)]
        public ulong Data;
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, ref Event item);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static unsafe partial int epoll_wait(int epfd, Event* events, int maxevents, int timeout);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int close(int fd);
}
