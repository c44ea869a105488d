namespace Vexil.Server.Dashboard;

/// <summary>The projects page: errors of a refused form, what the refused creation form held, and what was just saved.</summary>
internal sealed record ProjectsModel(IReadOnlyList<string> Errors)
{
    /// <summary>The key typed in a refused creation form.</summary>
    public string? Key { get; init; }

    /// <summary>The name typed in a refused creation form.</summary>
    public string? Name { get; init; }

    /// <summary>The action just recorded (archive, restore, up, down), for the confirmation line.</summary>
    public string? Saved { get; init; }
}
