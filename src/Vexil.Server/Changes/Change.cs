namespace Vexil.Server.Changes;

/// <summary>
/// One typed change to a project: what it changes and the version of the thing it was based on. Every write path
/// (API, dashboard, CLI apply, imports, rollback, promote) builds changes and hands them, as a <see cref="ChangeSet"/>,
/// to the one <see cref="ChangeRecorder"/>; the audit action and the webhook event come from the change's type.
/// </summary>
internal abstract record Change
{
    /// <summary>Where the change came from in the request body (error paths are relative to it); empty for a one-object request.</summary>
    public string Path { get; init; } = string.Empty;
}
