using System.Security.Claims;
using Microsoft.Extensions.Options;
using Vexil.Core.Evaluation;
using Vexil.Hosting.Auth;
using Vexil.Hosting.Delivery;
using Vexil.Edge.Events;
using Vexil.Hosting.Ofrep;

namespace Vexil.Edge;

/// <summary>
/// The edge's OFREP rulesets: the compiled ruleset the edge already holds for the caller's key (never compiled per
/// request), its evaluations counted for the edge's own summaries; none yet (no upstream answer, no last-known-good file) is 503 with Retry-After.
/// </summary>
internal sealed class EdgeOfrepSource(EdgeEnvironments environments, IOptions<DeliveryOptions> delivery, EdgeEvaluationSummaries summaries, TimeProvider time) : IOfrepRulesetSource
{
    public async ValueTask<OfrepTarget> GetAsync(ClaimsPrincipal caller, long? minVersion, CancellationToken cancellationToken)
    {
        var id = caller.EnvironmentOf()!.Value;
        var environment = environments.All[(int)id - 1];
        if (minVersion is { } min)
        {
            await environment.Feed.WaitForVersionAsync(min, delivery.Value.MinVersionWait, time, cancellationToken);
        }

        // The scope is part of the key's hash, the same on every edge serving that environment, so bulk ETags agree
        // across edges (and for every key of the environment).
        return environment.Current is { } current
            ? new OfrepTarget(environment.FileName, current.Compiled) { Recorder = summaries.For(id) }
            : new OfrepTarget(environment.FileName, CompiledRuleset.Empty) { RetryAfterSeconds = delivery.Value.RetryAfterSeconds };
    }
}
