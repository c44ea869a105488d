using System.Text.Json;
using Vexil.Server.Audit;
using Vexil.Server.Dashboard.Accounts;

namespace Vexil.Server.Tests.Dashboard;

/// <summary>Account entries of the audit log read as sentences on the accounts page, from what each entry recorded.</summary>
public sealed class AccountSentencesTests
{
    [Theory]
    [InlineData("account.create", null, """{"username":"bob","role":"viewer"}""", "ada created bob as viewer")]
    [InlineData("account.create", null, """{"username":"bob","role":"editor","justInTime":true,"identity":{"provider":"github"}}""", "bob was created as editor at their first single sign-on")]
    [InlineData("account.role", """{"username":"bob","role":"viewer"}""", """{"username":"bob","role":"administrator"}""", "ada changed bob's role from viewer to administrator")]
    [InlineData("account.role-change", """{"username":"bob","role":"viewer"}""", """{"username":"bob","role":"editor"}""", "bob's role changed from viewer to editor at single sign-on (the provider's mapping)")]
    [InlineData("account.disable", """{"username":"bob","role":"viewer"}""", """{"username":"bob","role":"viewer"}""", "ada disabled bob")]
    [InlineData("account.enable", """{"username":"bob","role":"viewer"}""", """{"username":"bob","role":"viewer"}""", "ada enabled bob")]
    [InlineData("account.delete", """{"username":"bob","role":"viewer"}""", null, "ada deleted bob")]
    [InlineData("auth.sso-sign-in", null, """{"username":"bob","role":"viewer","identity":{"provider":"github","subject":"42"}}""", "bob signed in through github")]
    [InlineData("auth.sign-in-failed", null, """{"username":"bob","accountLocked":false}""", "a sign-in as bob was refused")]
    [InlineData("auth.sign-in-failed", null, """{"username":"bob","accountLocked":true}""", "a sign-in as bob was refused, and the name is now locked for a while")]
    [InlineData("session.revoke", null, null, "ada revoked a session of bob")]
    [InlineData("account.something-new", null, null, "account.something-new accounts/bob")]
    public void Describe_ReadsTheEntryAsASentence(string action, string? before, string? after, string expected)
    {
        var resource = action == "session.revoke" ? "accounts/bob/sessions/7" : "accounts/bob";
        var entry = new AuditEntry(1, DateTimeOffset.UnixEpoch, "user:ada", action, null, null, resource, Json(before), Json(after), null, null);

        Assert.Equal(expected, AccountSentences.Describe(entry));
    }

    [Fact]
    public void ARefusedSingleSignOn_WithoutAnAccount_NamesTheProviderAndTheReason()
    {
        var entry = new AuditEntry(1, DateTimeOffset.UnixEpoch, "anonymous", "auth.sso-sign-in-refused", null, null, "identities/github", null, Json("""{"reason":"no mapping matches","identity":{"provider":"github"}}"""), null, null);

        Assert.Equal("a single sign-on through github was refused (no mapping matches)", AccountSentences.Describe(entry));
    }

    private static JsonElement? Json(string? text) => text is null ? null : JsonDocument.Parse(text).RootElement.Clone();
}
