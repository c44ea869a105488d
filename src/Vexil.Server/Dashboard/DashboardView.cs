namespace Vexil.Server.Dashboard;

/// <summary>
/// What one dashboard response renders: the shell (who, which project and environment) and the page's model. An
/// endpoint fills it and returns the page component, which reads it (components are public by Razor's design, the
/// control plane's types are internal, so models travel through this scoped object instead of parameters).
/// </summary>
internal sealed class DashboardView
{
    public DashboardShell? Shell { get; set; }

    public object? Model { get; set; }

    public T Get<T>()
        where T : class => Model as T ?? throw new InvalidOperationException($"The page expects a {typeof(T).Name}.");
}
