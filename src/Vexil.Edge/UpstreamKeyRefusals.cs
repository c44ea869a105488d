using Microsoft.Extensions.Options;
using Vexil.Hosting.Delivery;

namespace Vexil.Edge;

/// <summary>
/// What the edge does when its upstream refuses (401/403) one of its server keys on <c>/sdk/v1/stream</c>,
/// <c>/sdk/v1/ruleset</c> or <c>/sdk/v1/client-keys</c> — the key was revoked, or expired after a rotation — and when
/// the upstream accepts it again: the environment stops (or starts again) being served for that key and its client
/// keys (401), the streams open with them end at once, and the refusal is kept on disk (<c>&lt;file&gt;.refused</c>,
/// no secret in it) so a restart with the upstream unreachable does not serve the key again from the last-known-good
/// file.
/// </summary>
internal sealed partial class UpstreamKeyRefusals(IOptions<EdgeOptions> options, StreamKeyChecker streams, TimeProvider time, ILogger<UpstreamKeyRefusals> logger)
{
    public const string FileSuffix = ".refused";

    private readonly LastKnownGoodStore _disk = new(options.Value.DataDirectory);

    /// <summary>At start, before listening: a refusal recorded before a restart still holds.</summary>
    public void Load(EdgeEnvironment environment)
    {
        if (_disk.Exists(environment.FileName, FileSuffix))
        {
            environment.SetRefused(true);
            LogStillRefused(logger, environment.FileName);
        }
    }

    public async Task RefusedAsync(EdgeEnvironment environment, int status, string endpoint, CancellationToken cancellationToken)
    {
        if (!environment.SetRefused(true))
        {
            return;
        }

        LogRefused(logger, environment.FileName, status, endpoint);
        streams.RequestCheck();
        try
        {
            await _disk.SaveAsync(environment.FileName, System.Text.Encoding.UTF8.GetBytes($$"""{"status":{{status}},"endpoint":"{{endpoint}}","at":"{{time.GetUtcNow():O}}"}"""), cancellationToken, FileSuffix);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDiskFailed(logger, e, environment.FileName);
        }
    }

    public void Accepted(EdgeEnvironment environment)
    {
        if (!environment.SetRefused(false))
        {
            return;
        }

        LogAccepted(logger, environment.FileName);
        try
        {
            _disk.Delete(environment.FileName, FileSuffix);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogDiskFailed(logger, e, environment.FileName);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The upstream refused key {KeyId} ({Status} on {Endpoint}): it was revoked or has expired; this edge no longer serves it nor its environment's client keys, and ended their streams. Give the edge the environment's current server key")]
    private static partial void LogRefused(ILogger logger, string keyId, int status, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key {KeyId} was refused by the upstream before this edge restarted; it is not served until the upstream accepts it")]
    private static partial void LogStillRefused(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The upstream accepts key {KeyId} again; serving it")]
    private static partial void LogAccepted(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record on disk whether the upstream refuses key {KeyId}")]
    private static partial void LogDiskFailed(ILogger logger, Exception exception, string keyId);
}
