using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Vexil.Server.Delivery;

/// <summary>Registers the control plane's side of the delivery protocol (the shared side: <see cref="DeliveryServiceCollectionExtensions"/>).</summary>
internal static class ControlPlaneDeliveryServiceCollectionExtensions
{
    /// <summary>The control plane's feeds come from its store.</summary>
    public static IServiceCollection AddVexilControlPlaneDelivery(this IServiceCollection services)
    {
        services.TryAddSingleton<ControlPlaneDeliverySource>();
        services.TryAddSingleton<IDeliverySource>(sp => sp.GetRequiredService<ControlPlaneDeliverySource>());
        services.TryAddSingleton<IClientKeySource, ControlPlaneClientKeySource>();
        services.TryAddSingleton<IStreamKeyAuthority, Auth.ControlPlaneStreamKeys>();
        services.AddHostedService<ControlPlaneFeedPump>();
        return services;
    }
}
