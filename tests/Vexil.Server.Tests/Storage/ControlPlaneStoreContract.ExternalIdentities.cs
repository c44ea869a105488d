using Vexil.Server.Audit;
using Vexil.Server.Auth;
using Vexil.Server.Auth.Oidc;
using Vexil.Server.Storage;
using static Vexil.Server.Tests.Storage.StoreSamples;

namespace Vexil.Server.Tests.Storage;

/// <summary>Single sign-on's accounts: linked by issuer and subject, created just in time, their role kept current; on both dialects.</summary>
public abstract partial class ControlPlaneStoreContract
{
    [Fact(Timeout = 30_000)]
    public async Task SignInExternal_CreatesOnce_LinksByIssuerAndSubject_AndKeepsTheRoleCurrent()
    {
        var store = await CreateStoreAsync();
        var ct = TestContext.Current.CancellationToken;
        var name = "sso" + Guid.NewGuid().ToString("N")[..8];
        var subject = "sub-" + name;
        var signIn = new ExternalSignIn("corp", "https://idp.example", subject, name, Role.Viewer, null);

        var first = await store.Auth.SignInExternalAsync(signIn, Unusable(name), Alice, ct);
        var again = await store.Auth.SignInExternalAsync(signIn with { Role = Role.Administrator }, Unusable(name), Alice, ct);

        Assert.Equal((WriteStatus.Ok, WriteStatus.Ok), (first.Status, again.Status));
        Assert.Equal(first.Value!.Id, again.Value!.Id);
        Assert.Equal(Role.Administrator, again.Value.Role);
        Assert.Equal(Role.Administrator, (await store.Auth.GetAccountAsync(name, ct))!.Role);
        var actions = (await store.Audit.ListAsync(new AuditQuery(null, null, 500), ct)).Where(a => a.Resource == $"accounts/{name}").Select(a => a.Action).ToList();
        Assert.Equal(1, actions.Count(a => a == "account.create"));
        Assert.Contains("account.role-change", actions);
        Assert.Equal(2, actions.Count(a => a == "auth.sso-sign-in"));

        // The same name at another issuer is another person: a new account, its name taken with the provider's.
        var other = await store.Auth.SignInExternalAsync(signIn with { Issuer = "https://other.example", Provider = "other" }, Unusable(name), Alice, ct);
        Assert.Equal($"{name}-other", other.Value!.Username);
        Assert.NotEqual(first.Value.Id, other.Value.Id);
    }

    [Fact(Timeout = 30_000)]
    public async Task SignInExternal_OfADisabledAccount_ReturnsItDisabled_AndDeletingTheAccountDeletesTheLink()
    {
        var store = await CreateStoreAsync();
        var ct = TestContext.Current.CancellationToken;
        var name = "sso" + Guid.NewGuid().ToString("N")[..8];
        var signIn = new ExternalSignIn("corp", "https://idp.example", "sub-" + name, name, Role.Editor, null);
        var created = (await store.Auth.SignInExternalAsync(signIn, Unusable(name), Alice, ct)).Value!;
        Assert.Equal(WriteStatus.Ok, (await store.Auth.SetAccountDisabledAsync(name, true, Alice, ct)).Status);

        var refused = await store.Auth.SignInExternalAsync(signIn, Unusable(name), Alice, ct);
        Assert.NotNull(refused.Value!.DisabledAt);
        Assert.Equal(created.Id, refused.Value.Id);

        Assert.Equal(WriteStatus.Ok, (await store.Auth.DeleteAccountAsync(name, Alice, ct)).Status);
        var recreated = await store.Auth.SignInExternalAsync(signIn, Unusable(name), Alice, ct);
        Assert.Null(recreated.Value!.DisabledAt);
        Assert.Equal(name, recreated.Value.Username);

        // A new account (SQLite may give it the deleted one's id): created twice, the audit trail of both kept.
        var creates = (await store.Audit.ListAsync(new AuditQuery(null, null, 500), ct)).Count(a => a.Resource == $"accounts/{name}" && a.Action == "account.create");
        Assert.Equal(2, creates);
    }

    private static AccountState Unusable(string name) => new(0, name, Convert.ToBase64String(new byte[32]), Convert.ToBase64String(new byte[16]), 1000, Role.Viewer, default);
}
