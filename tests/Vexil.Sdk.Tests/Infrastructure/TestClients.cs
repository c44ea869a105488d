using Vexil.Sdk.Configuration;

namespace Vexil.Sdk.Tests.Infrastructure;

/// <summary>Client options tuned for tests: short delays, no events unless asked.</summary>
public static class TestClients
{
    public static VexilOptions Options(DeliveryTestServer server) => new()
    {
        SdkKey = DeliveryTestServer.Key,
        BaseAddress = server.BaseAddress,
        InitialReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        HeartbeatTimeout = TimeSpan.FromSeconds(2),
        PollInterval = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(2),
        SendEvents = false,
    };

    public static string TempFile(string name) =>
        Path.Combine(Path.GetTempPath(), "vexil-sdk-tests", Guid.NewGuid().ToString("N"), name);
}
