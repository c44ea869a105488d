using Vexil.Events.Bus;
using Vexil.Events.Bus.Sqlite;
using Vexil.Events.Tests.Infrastructure;

namespace Vexil.Events.Tests.Webhooks;

public sealed class SqliteWebhookDispatcherTests : WebhookDispatcherContract
{
    internal override IMessageBus CreateBus(TempDirectory directory) =>
        new SqliteMessageBus(directory.File("queue.db"), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), TimeProvider.System);
}
