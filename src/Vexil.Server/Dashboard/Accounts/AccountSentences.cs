using System.Text.Json;
using Vexil.Server.Audit;

namespace Vexil.Server.Dashboard.Accounts;

/// <summary>
/// An account's audit entry as one sentence an administrator reads ("user:ada disabled bob", "bob signed in through
/// github"), from the entries' recorded before and after; an action it does not know reads as the action and resource.
/// </summary>
internal static class AccountSentences
{
    /// <summary>The resources whose entries are account activity: accounts (and their sessions) and sign-in identities.</summary>
    public static readonly IReadOnlyList<string> Resources = ["accounts/", "identities/"];

    public static string Describe(AuditEntry entry)
    {
        var name = Text(entry.After, "username") ?? Text(entry.Before, "username") ?? Name(entry.Resource);
        var actor = Actor(entry.Actor);
        return entry.Action switch
        {
            "account.create" when Flag(entry.After, "justInTime") => $"{name} was created as {Text(entry.After, "role")} at their first single sign-on",
            "account.create" => $"{actor} created {name} as {Text(entry.After, "role")}",
            "account.role" => $"{actor} changed {name}'s role from {Text(entry.Before, "role")} to {Text(entry.After, "role")}",
            "account.role-change" => $"{name}'s role changed from {Text(entry.Before, "role")} to {Text(entry.After, "role")} at single sign-on (the provider's mapping)",
            "account.disable" => $"{actor} disabled {name}",
            "account.enable" => $"{actor} enabled {name}",
            "account.delete" => $"{actor} deleted {name}",
            "account.issue-reset-link" => $"{actor} issued a password reset link for {name}",
            "account.reset-password" => $"{name}'s password was reset",
            "account.change-password" => $"{name} changed their password",
            "session.revoke" => $"{actor} revoked a session of {name}",
            "auth.sso-sign-in" => $"{name} signed in through {Provider(entry.After) ?? "single sign-on"}",
            "auth.sso-sign-in-refused" => $"a single sign-on{(Provider(entry.After) is { } p ? $" through {p}" : string.Empty)} was refused ({Text(entry.After, "reason") ?? "refused"})",
            "auth.sign-in-failed" => $"a sign-in as {name} was refused{(Flag(entry.After, "accountLocked") ? ", and the name is now locked for a while" : string.Empty)}",
            _ => $"{entry.Action} {entry.Resource}",
        };
    }

    private static string Actor(string actor) => actor.StartsWith("user:", StringComparison.Ordinal) ? actor["user:".Length..] : actor;

    private static string Name(string resource) => resource.Split('/') is [_, var name, ..] ? name : resource;

    private static string? Provider(JsonElement? after) =>
        after is { ValueKind: JsonValueKind.Object } a && a.TryGetProperty("identity", out var identity) && identity.ValueKind == JsonValueKind.Object
            && identity.TryGetProperty("provider", out var provider) && provider.ValueKind == JsonValueKind.String
            ? provider.GetString()
            : null;

    private static string? Text(JsonElement? element, string property) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Flag(JsonElement? element, string property) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;
}
