using Vexil.Events.Bus;
using Vexil.Events.Bus.Nats;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Webhooks;

[Collection(NatsCollection.Name)]
public sealed class NatsWebhookDispatcherTests(NatsServerFixture nats) : WebhookDispatcherContract
{
    internal override IMessageBus CreateBus(TempDirectory directory)
    {
        var name = "W" + Guid.NewGuid().ToString("N")[..12];
        return new NatsMessageBus(new NatsBusOptions { Url = nats.Url, StreamName = name, SubjectPrefix = "w." + name }, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30));
    }
}
