using Microsoft.Extensions.DependencyInjection.Extensions;
using Vexil.Server.Audit;
using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Environments;
using Vexil.Server.Flags;
using Vexil.Server.Governance;
using Vexil.Server.Projects;
using Vexil.Server.Segments;
using Vexil.Server.Snapshots;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Hosting;

/// <summary>Registers the feature stores over the one <c>Database</c>, the environment snapshots and the change recorder.</summary>
internal static class StoreServiceCollectionExtensions
{
    public static IServiceCollection AddVexilStores(this IServiceCollection services)
    {
        services.TryAddSingleton<ProjectStore>();
        services.TryAddSingleton<EnvironmentStore>();
        services.TryAddSingleton<ChangeLog>();
        services.TryAddSingleton<FlagStore>();
        services.TryAddSingleton<SegmentStore>();
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<WebhookStore>();
        services.TryAddSingleton<AuthStore>();
        services.TryAddSingleton<EnvironmentSnapshots>();
        services.TryAddSingleton<IChangeHold, ChangeRequestHold>();
        services.TryAddSingleton<ChangeRecorder>();
        services.TryAddSingleton<ChangePolicyStore>();
        services.TryAddSingleton<EnvironmentPermissionStore>();
        services.TryAddSingleton<ChangeRequestStore>();
        services.TryAddSingleton<ChangeRequests>();
        services.TryAddSingleton<ScheduleStore>();
        services.TryAddSingleton<Schedules>();
        return services;
    }
}
