using System.Net;
using System.Net.Sockets;

namespace Vexil.Events.Tests.Infrastructure;

/// <summary>Free loopback ports.</summary>
public static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
