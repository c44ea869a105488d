using Vexil.Server.Storage;

namespace Vexil.Server.Auth.Accounts;

/// <summary>One-time password-reset links: issued by an administrator (valid <see cref="Lifetime"/>), used once, by the API or the dashboard's page.</summary>
internal static class ResetLinks
{
    /// <summary>How long a link works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>The one answer to a link that is unknown, used, expired, replaced or of a disabled account.</summary>
    public const string UnusableDetail = "This reset link is unknown, used or expired; ask an administrator for a new one.";

    /// <summary>The dashboard page a link opens.</summary>
    public static string Url(HttpRequest request, string token) => $"{request.Scheme}://{request.Host}/reset-password?token={Uri.EscapeDataString(token)}";

    /// <summary>Sets <paramref name="newPassword"/> with the link <paramref name="token"/>; NotFound when it cannot be used.</summary>
    public static async Task<WriteStatus> UseAsync(AuthStore store, PasswordHasher hasher, TimeProvider time, string? token, string newPassword, WriteContext context, CancellationToken cancellationToken)
    {
        if (token is null || !token.StartsWith(SecretTokens.ResetPrefix, StringComparison.Ordinal))
        {
            return WriteStatus.NotFound;
        }

        var link = await store.FindApiTokenAsync(SecretTokens.Hash(token), cancellationToken);
        if (link is null || link.Kind != TokenKinds.Reset || link.RevokedAt is not null || link.ExpiresAt <= time.GetUtcNow())
        {
            return WriteStatus.NotFound;
        }

        var result = await store.UseResetLinkAsync(link, hasher.Hash(link.Name, newPassword, link.Role), context with { Actor = $"user:{link.Name}" }, cancellationToken);
        return result.Status;
    }
}
