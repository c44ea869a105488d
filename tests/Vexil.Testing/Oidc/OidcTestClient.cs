using System.Text.Json.Nodes;

namespace Vexil.Testing.Oidc;

/// <summary>
/// A client registered with the test provider. Web (dashboard) clients are registered as <c>native</c> only so their
/// loopback redirect URI may carry any port (RFC 8252 §7.3): the tests' Vexil servers listen on free ports.
/// </summary>
public sealed record OidcTestClient(string ClientId, string? Secret, IReadOnlyList<string> RedirectUris, bool DeviceFlow = false)
{
    /// <summary>A confidential client of the authorization code flow redirecting to <paramref name="redirectPath"/> on 127.0.0.1.</summary>
    public static OidcTestClient Web(string clientId, string secret, string redirectPath) => new(clientId, secret, [$"http://127.0.0.1{redirectPath}"]);

    /// <summary>A public client of the device flow (a command line).</summary>
    public static OidcTestClient Device(string clientId) => new(clientId, null, [], DeviceFlow: true);

    internal JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["client_id"] = ClientId,
            ["application_type"] = "native",
            ["redirect_uris"] = new JsonArray(RedirectUris.Select(u => (JsonNode)JsonValue.Create(u)).ToArray()),
        };
        if (DeviceFlow)
        {
            json["grant_types"] = new JsonArray("urn:ietf:params:oauth:grant-type:device_code");
            json["response_types"] = new JsonArray();
        }
        else
        {
            json["grant_types"] = new JsonArray("authorization_code");
            json["response_types"] = new JsonArray("code");
        }

        if (Secret is null)
        {
            json["token_endpoint_auth_method"] = "none";
        }
        else
        {
            json["client_secret"] = Secret;
        }

        return json;
    }
}
