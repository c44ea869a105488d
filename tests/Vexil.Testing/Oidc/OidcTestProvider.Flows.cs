using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vexil.Testing.Oidc;

/// <summary>The provider's flows driven over HTTP as a browser would, for tests that need real tokens without a browser.</summary>
public sealed partial class OidcTestProvider
{
    /// <summary>
    /// The authorization code flow with PKCE for <paramref name="clientId"/>, signing in as <paramref name="username"/>
    /// on the provider's login page; returns the token response (<c>id_token</c>, <c>access_token</c>, …).
    /// </summary>
    public async Task<JsonElement> SignInWithCodeAsync(string clientId, string? secret, string redirectUri, string username, string password, CancellationToken cancellationToken = default)
    {
        using var http = Browser();
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var authorize = $"{IssuerText}/auth?client_id={Uri.EscapeDataString(clientId)}&response_type=code&scope={Uri.EscapeDataString("openid profile email groups")}"
            + $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&code_challenge={challenge}&code_challenge_method=S256&state={state}&nonce={state}";
        var landing = await WalkAsync(http, new Uri(authorize), redirectUri, username, password, cancellationToken);
        var query = System.Web.HttpUtility.ParseQueryString(landing.Query);
        var code = query["code"] ?? throw new InvalidOperationException($"No code in the redirect {landing}:\n{Output}");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{IssuerText}/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = redirectUri,
                ["code_verifier"] = verifier,
                ["client_id"] = clientId,
            }),
        };
        if (secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The token request failed ({(int)response.StatusCode}): {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Approves a device flow's <paramref name="userCode"/> as <paramref name="username"/> (the pages a person would go through).</summary>
    public async Task ApproveDeviceAsync(string userCode, string username, string password, CancellationToken cancellationToken = default)
    {
        using var http = Browser();
        var done = await WalkAsync(http, new Uri($"{IssuerText}/device?user_code={Uri.EscapeDataString(userCode)}"), null, username, password, cancellationToken);
        if (!done.AbsolutePath.StartsWith("/device", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The device flow ended at {done}:\n{Output}");
        }
    }

    private static HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true }) { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>
    /// Follows redirects and submits forms (the login form with the credentials, the device pages' forms as they are)
    /// until a redirect to <paramref name="stopAt"/>, or a page with no form (the device flow's success page).
    /// </summary>
    private async Task<Uri> WalkAsync(HttpClient http, Uri start, string? stopAt, string username, string password, CancellationToken cancellationToken)
    {
        HttpRequestMessage request = new(HttpMethod.Get, start);
        var current = start;
        for (var step = 0; step < 20; step++)
        {
            using var response = await http.SendAsync(request, cancellationToken);
            request.Dispose();
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                var location = new Uri(current, response.Headers.Location!);
                if (stopAt is not null && location.GetLeftPart(UriPartial.Path) == new Uri(stopAt).GetLeftPart(UriPartial.Path))
                {
                    return location;
                }

                current = location;
                request = new HttpRequestMessage(HttpMethod.Get, location);
                continue;
            }

            var html = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{current} answered {(int)response.StatusCode}: {html}\n{Output}");
            }

            var form = FormPattern().Match(html);
            if (!form.Success)
            {
                return current;
            }

            if (html.Contains("role=\"alert\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The provider refused the sign-in of {username}: {html}");
            }

            var fields = new Dictionary<string, string>();
            foreach (Match input in HiddenPattern().Matches(form.Groups["body"].Value))
            {
                fields[WebUtility.HtmlDecode(input.Groups["name"].Value)] = WebUtility.HtmlDecode(input.Groups["value"].Value);
            }

            if (form.Groups["body"].Value.Contains("name=\"login\"", StringComparison.Ordinal))
            {
                fields["login"] = username;
                fields["password"] = password;
            }

            current = new Uri(current, WebUtility.HtmlDecode(form.Groups["action"].Value));
            request = new HttpRequestMessage(HttpMethod.Post, current) { Content = new FormUrlEncodedContent(fields) };
        }

        throw new InvalidOperationException($"The provider's pages did not end after 20 steps (at {current}):\n{Output}");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*action=\"(?<action>[^\"]*)\"[^>]*>(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]*)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenPattern();
}
