namespace Vexil.Server.Auth;

/// <summary>
/// Adds an SDK key to an environment; its other keys keep working. <c>name</c> tells the environment's keys
/// apart (unique among its active keys of the kind; <c>default</c>, <c>default-2</c>, … when omitted). A client key's
/// <c>allowedOrigins</c> are the browser origins (CORS) it may be used from.
/// </summary>
/// <param name="Kind"><c>server</c> or <c>client</c>.</param>
/// <param name="Name">1 to 64 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.</param>
/// <param name="OverlapSeconds">Refused here: creating a key replaces none; rotate one key with <c>POST …/sdk-keys/{id}/rotate</c>.</param>
/// <param name="AllowedOrigins">Client keys only: <c>http(s)://host[:port]</c> origins.</param>
internal sealed record CreateSdkKeyRequest(string? Kind, string? Name = null, int? OverlapSeconds = null, IReadOnlyList<string?>? AllowedOrigins = null);
