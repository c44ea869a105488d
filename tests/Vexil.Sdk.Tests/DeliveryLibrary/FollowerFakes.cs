using System.Net;
using System.Text;
using Vexil.Core.Evaluation;
using Vexil.Delivery.Following;
using Vexil.Delivery.Persistence;

namespace Vexil.Sdk.Tests.DeliveryLibrary;

/// <summary>A target that records what it was given, and checks at each publish what had been saved by then.</summary>
internal sealed class RecordingTarget(CompiledRuleset? held, SavedVersions saved) : IFollowerTarget
{
    public CompiledRuleset? Current { get; private set; } = held;

    public List<FollowedUpdate> Published { get; } = [];

    /// <summary>For each publish: whether its version was on disk when the target saw it.</summary>
    public List<bool> SavedBeforePublish { get; } = [];

    public List<(FollowerRejection Rejection, long Version)> Rejected { get; } = [];

    public ValueTask PublishAsync(FollowedUpdate update, CancellationToken cancellationToken)
    {
        SavedBeforePublish.Add(saved.Versions.Contains(update.Version));
        Published.Add(update);
        Current = update.Ruleset;
        return ValueTask.CompletedTask;
    }

    public void OnRejected(FollowerRejection rejection, long version, string reason) => Rejected.Add((rejection, version));
}

/// <summary>An <see cref="ILastKnownGood"/> that remembers the versions saved.</summary>
internal sealed class SavedVersions : ILastKnownGood
{
    public List<long> Versions { get; } = [];

    public ValueTask SaveAsync(FollowedUpdate update, CancellationToken cancellationToken)
    {
        Versions.Add(update.Version);
        return ValueTask.CompletedTask;
    }
}

/// <summary>An upstream that answers <c>GET /sdk/v1/ruleset</c> with a fixed document and counts the requests.</summary>
internal sealed class RulesetUpstream(string document) : HttpMessageHandler
{
    public int RulesetRequests { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.AbsolutePath != "/sdk/v1/ruleset")
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        }

        RulesetRequests++;
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(document, Encoding.UTF8, "application/json") });
    }
}
