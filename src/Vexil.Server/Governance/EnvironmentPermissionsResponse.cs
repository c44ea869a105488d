namespace Vexil.Server.Governance;

/// <summary>An environment's permissions on the wire: what each role may do there (viewers always <c>read</c>).</summary>
internal sealed record EnvironmentPermissionsResponse(string Environment, string Viewer, string Editor, string Administrator, bool IsDefault)
{
    public static EnvironmentPermissionsResponse From(string environment, EnvironmentPermissions? permissions)
    {
        var p = permissions ?? EnvironmentPermissions.Default;
        return new(environment, "read", EnvironmentPermissions.Name(p.Editor), EnvironmentPermissions.Name(p.Administrator), permissions is null);
    }
}
