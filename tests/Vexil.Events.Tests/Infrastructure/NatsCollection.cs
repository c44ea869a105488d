namespace Vexil.Events.Tests.Infrastructure;

/// <summary>Tests sharing one nats-server run one after another (one of them restarts it).</summary>
[CollectionDefinition(Name)]
public sealed class NatsCollection : ICollectionFixture<NatsServerFixture>
{
    public const string Name = "nats-server";
}
