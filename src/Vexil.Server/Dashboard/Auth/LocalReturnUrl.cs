namespace Vexil.Server.Dashboard.Auth;

/// <summary>
/// Where the dashboard may send a browser back to after sign-in: a path of this site that no browser, proxy or
/// decoder can read as another origin (no open redirect), and that is a valid header value (never a 500).
/// </summary>
internal static class LocalReturnUrl
{
    private const string Home = "/";

    /// <summary>
    /// <paramref name="returnUrl"/> when it is a local path of printable ASCII with no backslash, whose second
    /// character is neither <c>/</c> nor <c>\</c>, and which stays so, with no control character, when
    /// percent-decoded (up to three times); otherwise <c>/</c>.
    /// </summary>
    public static string Or(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 2048 || !IsSafe(returnUrl))
        {
            return Home;
        }

        // Decoded again and again until it stops changing: what an intermediary that decodes (once or more) would see.
        var decoded = returnUrl;
        for (var i = 0; i < 3 && decoded.Contains('%', StringComparison.Ordinal); i++)
        {
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
            }

            if (!IsSafeDecoded(next))
            {
                return Home;
            }

            decoded = next;
        }

        return returnUrl;
    }

    private static bool IsSafe(string url)
    {
        // Browsers strip tabs and newlines anywhere in a URL and read '\' as '/', so "/\t/x", "/\x" and "//x" all
        // name the host x; spaces, non-ASCII and control characters have no place in a Location header at all.
        if (!IsLocalStart(url))
        {
            return false;
        }

        foreach (var c in url)
        {
            if (c is < '!' or > '~' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The same after percent-decoding, where spaces and letters of any script are ordinary text.</summary>
    private static bool IsSafeDecoded(string url)
    {
        if (!IsLocalStart(url))
        {
            return false;
        }

        foreach (var c in url)
        {
            if (char.IsControl(c) || c is '\\' or '\u2028' or '\u2029')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLocalStart(string url) => url.Length > 0 && url[0] == '/' && !(url.Length > 1 && url[1] is '/' or '\\');
}
