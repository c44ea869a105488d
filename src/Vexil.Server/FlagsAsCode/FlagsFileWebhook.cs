namespace Vexil.Server.FlagsAsCode;

/// <summary>
/// A webhook of the environment, by name: what it sends where. Its signing secret is never in an exported file: a file
/// names the environment variable that holds it on the operator's machine (<see cref="SecretFromEnv"/>, which
/// <c>vexil apply</c> reads and sends as <see cref="Secret"/>); with neither, an existing webhook keeps its secret and a
/// new one gets a generated secret, shown once in the apply result. <see cref="Enabled"/> false keeps the webhook but
/// turned off (written only then; absent means on).
/// </summary>
internal sealed record FlagsFileWebhook(string? Name, string? Url, IReadOnlyList<string?>? Events, string? Description, string? Secret, string? SecretFromEnv, bool Enabled = true);
