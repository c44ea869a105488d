namespace Vexil.Server.Changes;

/// <summary>The write path a change set came through (recorded with its audit entries).</summary>
internal enum ChangeOrigin
{
    Api,
    Dashboard,
    Apply,
    Import,

    /// <summary>An approved change request, applied by a person or at its scheduled time.</summary>
    ChangeRequest,

    /// <summary>A scheduled change set, applied at its time.</summary>
    Schedule,
}
