using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Vexil.Cli.Api;
using Vexil.Cli.CommandLine;

namespace Vexil.Cli.Login;

/// <summary>
/// <c>vexil login --url URL --provider NAME</c>: single sign-on through the provider's device flow (RFC 8628). The
/// server names the provider's issuer and the command line's client (<c>GET /api/v1/auth/methods</c>); the person
/// opens the provider's page and enters the code shown; the ID token the provider then issues is exchanged for a
/// Vexil API session (<c>POST /api/v1/auth/oidc/{provider}/token</c>), which is stored like a token.
/// </summary>
internal static class DeviceLogin
{
    private const string DeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";

    public static async Task<int> RunAsync(CliRun run, string url, string name)
    {
        var cancellationToken = run.CancellationToken;
        using var vexil = AdminClient.Create(url, "none");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.UserAgent.Add(CliVersion.UserAgent);

        var methods = await ReadAsync(http, new Uri(vexil.Url, "api/v1/auth/methods"), "the server's sign-in methods", cancellationToken);
        var provider = methods.GetProperty("providers").EnumerateArray().FirstOrDefault(p => p.GetProperty("name").GetString() == name);
        if (provider.ValueKind != JsonValueKind.Object)
        {
            var known = string.Join(", ", methods.GetProperty("providers").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
            throw CliException.Usage(known.Length == 0 ? $"{url} has no single sign-on provider" : $"{url} has no provider '{name}' (it has: {known})");
        }

        var issuer = provider.GetProperty("issuer").GetString()!;
        var clientId = provider.GetProperty("clientId").GetString()!;
        var scopes = string.Join(' ', provider.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        var discovery = await ReadAsync(http, new Uri(issuer.TrimEnd('/') + "/.well-known/openid-configuration"), $"the discovery document of {issuer}", cancellationToken);
        if (!discovery.TryGetProperty("device_authorization_endpoint", out var deviceEndpoint) || deviceEndpoint.GetString() is not { } deviceUrl)
        {
            throw CliException.Failure($"the provider {issuer} does not offer the device flow (no device_authorization_endpoint); sign in to the dashboard instead");
        }

        var tokenUrl = discovery.GetProperty("token_endpoint").GetString()!;
        var device = await PostAsync(http, deviceUrl, new() { ["client_id"] = clientId, ["scope"] = scopes }, cancellationToken);
        if (device.Error is not null)
        {
            throw CliException.Failure($"the provider refused to start the sign-in: {device.Error}");
        }

        var userCode = device.Body.GetProperty("user_code").GetString();
        var page = device.Body.TryGetProperty("verification_uri_complete", out var complete) ? complete.GetString() : device.Body.GetProperty("verification_uri").GetString();
        await run.Out.WriteLineAsync($"To sign in through {provider.GetProperty("displayName").GetString()}, open {page} and confirm the code {userCode}.");
        await run.Out.FlushAsync(cancellationToken);

        var idToken = await PollAsync(http, tokenUrl, clientId, device.Body, cancellationToken);
        using var exchange = await http.PostAsJsonAsync(new Uri(vexil.Url, $"api/v1/auth/oidc/{Uri.EscapeDataString(name)}/token"), new { idToken }, cancellationToken);
        var answer = await exchange.Content.ReadAsStringAsync(cancellationToken);
        if (!exchange.IsSuccessStatusCode)
        {
            throw CliException.Failure($"{url} refused the sign-in ({(int)exchange.StatusCode}): {Detail(answer)}");
        }

        using var session = JsonDocument.Parse(answer);
        var token = session.RootElement.GetProperty("token").GetString()!;
        new CliConfig(url, token).Save(run.Console.ConfigPath);
        await run.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Logged in to {url} through {name} as {session.RootElement.GetProperty("role").GetString()}, until {session.RootElement.GetProperty("expiresAt").GetDateTimeOffset():u}; the session is stored in {run.Console.ConfigPath} (mode 0600)."));
        return 0;
    }

    /// <summary>Asks the token endpoint until the person has confirmed (or refused, or the code expired), at the interval the provider asks for.</summary>
    private static async Task<string> PollAsync(HttpClient http, string tokenUrl, string clientId, JsonElement device, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(device.TryGetProperty("interval", out var i) && i.TryGetInt32(out var seconds) ? Math.Max(seconds, 1) : 5);
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(device.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var expires) ? expires : 600);
        var form = new Dictionary<string, string> { ["grant_type"] = DeviceGrant, ["device_code"] = device.GetProperty("device_code").GetString()!, ["client_id"] = clientId };
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(interval, TimeProvider.System, cancellationToken);
            var answer = await PostAsync(http, tokenUrl, form, cancellationToken);
            switch (answer.Error)
            {
                case null when answer.Body.TryGetProperty("id_token", out var idToken):
                    return idToken.GetString()!;
                case null:
                    throw CliException.Failure("the provider issued no ID token: the provider's client must allow the 'openid' scope");
                case "authorization_pending":
                    continue;
                case "slow_down":
                    interval += TimeSpan.FromSeconds(5);
                    continue;
                case "access_denied":
                    throw CliException.Failure("the sign-in was refused at the provider");
                case "expired_token":
                    throw CliException.Failure("the code expired before it was confirmed; run vexil login again");
                default:
                    throw CliException.Failure($"the provider refused the sign-in: {answer.Error}");
            }
        }

        throw CliException.Failure("the code expired before it was confirmed; run vexil login again");
    }

    private static async Task<JsonElement> ReadAsync(HttpClient http, Uri url, string what, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw CliException.Failure($"could not read {what} at {url} ({(int)response.StatusCode}): {Detail(body)}");
            }

            return JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw CliException.Failure($"could not read {what} at {url}: {ex.Message}");
        }
    }

    /// <summary>A form post to the provider: the JSON answer, or its OAuth error code (<c>error</c>) with its description.</summary>
    private static async Task<(JsonElement Body, string? Error)> PostAsync(HttpClient http, string url, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new FormUrlEncodedContent(form);
            using var response = await http.PostAsync(new Uri(url), content, cancellationToken);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
            if (response.IsSuccessStatusCode)
            {
                return (body, null);
            }

            var error = body.TryGetProperty("error", out var code) ? code.GetString() : null;
            return (body, error ?? $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw CliException.Failure($"could not reach the provider at {url}: {ex.Message}");
        }
    }

    private static string Detail(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }
}
