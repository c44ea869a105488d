using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vexil.Server.Observability;

/// <summary>
/// Readiness of the control plane's store: it answers an indexed query (an SDK key lookup by a hash no key has)
/// within the check's bound (<see cref="HealthCheckRegistration.Timeout"/>, 2 s). SQLite's file opens and answers;
/// PostgreSQL accepts a connection and answers. A replica whose store does not answer can neither write nor serve what
/// it has not cached, so it is unhealthy: the balancer sends its traffic to a replica whose store does.
/// </summary>
internal sealed class StoreHealthCheck(Vexil.Server.Auth.AuthStore store) : IHealthCheck
{
    public const string Name = "store";

    /// <summary>A SHA-256 hex that no key hashes to (it is not one: the letter 'z' is not hex).</summary>
    private const string NoKey = "health-check-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.FindSdkKeyAsync(NoKey, cancellationToken);
            return HealthCheckResult.Healthy("The store answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The store does not answer: {e.Message}");
        }
    }
}
