using Vexil.Server.Storage;
using Vexil.Server.Environments;
using Vexil.Server.Projects;

namespace Vexil.Server.Dashboard;

/// <summary>The frame around every page: the signed-in person, the project and environment switchers, the section.</summary>
internal sealed record DashboardShell(
    string User,
    Role Role,
    IReadOnlyList<ProjectState> Projects,
    ProjectState? Project,
    IReadOnlyList<EnvironmentState> Environments,
    EnvironmentState? Environment,
    string Section)
{
    public bool CanEdit => Role >= Role.Editor;

    public bool IsAdministrator => Role >= Role.Administrator;

    public string EnvironmentKey => Environment?.Key ?? string.Empty;

    /// <summary>The environments where turning a flag off asks for a confirmation and a comment.</summary>
    public static bool IsProduction(string environmentKey) =>
        environmentKey is "production" or "prod" || environmentKey.StartsWith("prod-", StringComparison.Ordinal);
}
