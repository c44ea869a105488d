using Vexil.Hosting.Api;

namespace Vexil.Hosting.Auth;

/// <summary>
/// Validates and normalizes the browser origins of a client key: each is <c>http(s)://host[:port]</c> exactly as a
/// browser sends it in <c>Origin</c> (lower case, default port omitted, no path, query, fragment or user info).
/// No wildcard: a key names every origin it may be used from.
/// </summary>
internal static class AllowedOrigins
{
    public const int MaxCount = 32;

    /// <summary>The normalized origins, or errors (under <paramref name="path"/>) and null.</summary>
    public static IReadOnlyList<string>? Validate(string path, IReadOnlyList<string?>? origins, string kind, ValidationErrors errors)
    {
        if (origins is null)
        {
            return null;
        }

        if (origins.Count > 0 && kind != SdkKeyKind.Client)
        {
            errors.Add(path, "only client keys may be used from browsers");
            return null;
        }

        if (origins.Count > MaxCount)
        {
            errors.Add(path, $"at most {MaxCount} origins");
            return null;
        }

        var normalized = new List<string>(origins.Count);
        for (var i = 0; i < origins.Count; i++)
        {
            if (Normalize(origins[i]) is { } origin)
            {
                if (!normalized.Contains(origin, StringComparer.Ordinal))
                {
                    normalized.Add(origin);
                }
            }
            else
            {
                errors.Add($"{path}[{i}]", "must be an origin: http(s)://host[:port], with no path, query or wildcard");
            }
        }

        return normalized;
    }

    /// <summary><c>scheme://host[:port]</c> in the form browsers send, or null when the text is not such an origin.</summary>
    public static string? Normalize(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 300 || trimmed.IndexOfAny(['*', '?', '#', '\\']) >= 0
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.UserInfo.Length > 0 || uri.Host.Length == 0 || uri.AbsolutePath != "/")
        {
            return null;
        }

        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
    }
}
