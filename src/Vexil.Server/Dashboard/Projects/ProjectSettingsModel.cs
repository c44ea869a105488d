using Vexil.Server.Environments;
using Vexil.Server.Projects;

namespace Vexil.Server.Dashboard.Projects;

/// <summary>A project's settings: its name and its environments (archived ones too), with a refused form's input.</summary>
internal sealed record ProjectSettingsModel(ProjectState Project, IReadOnlyList<EnvironmentState> Environments, IReadOnlyList<string> Errors, string? Saved)
{
    /// <summary>The refused form, so the page shows it again as typed.</summary>
    public IFormCollection? Posted { get; init; }

    /// <summary>What the refused form posted to <paramref name="form"/> held in <paramref name="field"/>; null when another form was posted.</summary>
    public string? Typed(string form, string field) => Posted is { } f && f["form"] == form ? f[field].ToString() : null;
}
