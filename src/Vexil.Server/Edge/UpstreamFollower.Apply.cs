using System.Net.Http.Headers;
using Vexil.Server.Delivery;

namespace Vexil.Server.Edge;

internal sealed partial class UpstreamFollower
{
    /// <summary>Installs a whole ruleset newer than the one held; false when it fails validation (the held one stays).</summary>
    private async Task<bool> ApplyRulesetAsync(EdgeEnvironment environment, byte[] json, CancellationToken cancellationToken)
    {
        var (ruleset, errors) = EdgeRuleset.Load(json);
        if (ruleset is null)
        {
            metrics.Rejected(DeliveryEvent.RulesetType);
            LogRejected(logger, environment.Name, "ruleset", errors.Count > 0 ? errors[0].ToString() : "invalid");
            return false;
        }

        if (environment.Current is { } held && ruleset.Version <= held.Version)
        {
            return true;
        }

        environment.Install(ruleset, "upstream");
        environment.Feed.PublishRuleset(await DeliveryEvent.RulesetAsync(ruleset.Version, ruleset.Json));
        await SaveAsync(environment, ruleset, cancellationToken);
        LogInstalled(logger, environment.Name, ruleset.Version);
        return true;
    }

    /// <summary>Applies the change to exactly the next version; a gap or a change that fails validation is healed with a whole ruleset.</summary>
    private async Task<bool> ApplyChangeAsync(EdgeEnvironment environment, byte[] json, CancellationToken cancellationToken)
    {
        var change = ChangeData.Parse(json);
        var held = environment.Current;
        if (change is not null && held is not null && change.Version <= held.Version)
        {
            return true; // already applied
        }

        if (change is null || held is null || change.Version != held.Version + 1)
        {
            LogGap(logger, environment.Name, held?.Version ?? 0, change?.Version ?? -1);
            return await FetchWholeRulesetAsync(environment, cancellationToken);
        }

        var (ruleset, errors) = held.Apply(change);
        if (ruleset is null)
        {
            metrics.Rejected(DeliveryEvent.ChangeType);
            LogRejected(logger, environment.Name, "change", errors.Count > 0 ? errors[0].ToString() : "invalid");
            return await FetchWholeRulesetAsync(environment, cancellationToken);
        }

        environment.Install(ruleset, "upstream");
        environment.Feed.PublishChange(await DeliveryEvent.ChangeAsync(change.Version, json, change.CommittedAt));
        if (change.CommittedAt is { } at)
        {
            metrics.Lag(time.GetUtcNow() - at);
        }

        await SaveAsync(environment, ruleset, cancellationToken);
        return true;
    }

    private async Task<bool> FetchWholeRulesetAsync(EdgeEnvironment environment, CancellationToken cancellationToken)
    {
        using var client = httpClients.CreateClient(HttpClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.FetchTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(options.Value.Upstream), "sdk/v1/ruleset"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", environment.Key);
        using var response = await client.SendAsync(request, timeout.Token);
        if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            await refusals.RefusedAsync(environment, (int)response.StatusCode, "/sdk/v1/ruleset", cancellationToken);
            return false;
        }

        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        return await ApplyRulesetAsync(environment, json, cancellationToken);
    }

    private async Task SaveAsync(EdgeEnvironment environment, EdgeRuleset ruleset, CancellationToken cancellationToken)
    {
        try
        {
            await _disk.SaveAsync(environment.FileName, ruleset.Json, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDiskWriteFailed(logger, e, environment.Name);
        }
    }
}
