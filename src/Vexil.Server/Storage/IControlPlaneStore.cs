using Vexil.Server.Audit;
using Vexil.Server.Auth;
using Vexil.Server.Environments;
using Vexil.Server.Flags;
using Vexil.Server.Projects;
using Vexil.Server.Segments;
using Vexil.Server.Webhooks;

namespace Vexil.Server.Storage;

/// <summary>
/// Everything the control plane keeps. Each write runs in one transaction that also bumps the version of every
/// environment it changes, appends the change log and the audit log; a write that fails changes nothing.
/// </summary>
internal interface IControlPlaneStore
{
    /// <summary>Applies pending schema migrations under a lock, so replicas starting together do not race.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    Task<WriteResult<ProjectState>> CreateProjectAsync(string key, string name, WriteContext context, CancellationToken cancellationToken);

    Task<WriteResult<ProjectState>> UpdateProjectAsync(string key, string name, Precondition precondition, WriteContext context, CancellationToken cancellationToken);

    Task<ProjectState?> GetProjectAsync(string key, CancellationToken cancellationToken);

    Task<IReadOnlyList<ProjectState>> ListProjectsAsync(CancellationToken cancellationToken);

    Task<WriteResult<EnvironmentState>> CreateEnvironmentAsync(string projectKey, string key, string name, WriteContext context, CancellationToken cancellationToken);

    Task<EnvironmentState?> GetEnvironmentAsync(string projectKey, string key, CancellationToken cancellationToken);

    Task<EnvironmentState?> GetEnvironmentByIdAsync(long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<EnvironmentState>> ListEnvironmentsAsync(string projectKey, CancellationToken cancellationToken);

    /// <summary>The current version of every environment (used to catch up after a missed notification).</summary>
    Task<IReadOnlyList<(long EnvironmentId, long Version)>> GetEnvironmentVersionsAsync(CancellationToken cancellationToken);

    Task<WriteResult<FlagState>> CreateFlagAsync(string projectKey, FlagDefinitionData definition, WriteContext context, CancellationToken cancellationToken);

    Task<WriteResult<FlagState>> UpdateFlagAsync(string projectKey, FlagDefinitionData definition, Precondition precondition, WriteContext context, CancellationToken cancellationToken);

    Task<WriteResult<FlagState>> DeleteFlagAsync(string projectKey, string flagKey, Precondition precondition, WriteContext context, CancellationToken cancellationToken);

    Task<FlagState?> GetFlagAsync(string projectKey, string flagKey, CancellationToken cancellationToken);

    Task<FlagPage> ListFlagsAsync(string projectKey, FlagQuery query, CancellationToken cancellationToken);

    Task<EnvironmentFlagState?> GetEnvironmentFlagAsync(string projectKey, string environmentKey, string flagKey, CancellationToken cancellationToken);

    /// <summary>Changes a flag's configuration in one environment; <paramref name="update"/> runs inside the transaction on the current configuration.</summary>
    Task<WriteResult<EnvironmentFlagState>> UpdateFlagConfigAsync(
        string projectKey,
        string environmentKey,
        string flagKey,
        Func<FlagConfigData, FlagConfigData> update,
        string action,
        Precondition precondition,
        WriteContext context,
        CancellationToken cancellationToken);

    /// <summary>Copies a flag's configuration from one environment to another in one transaction.</summary>
    Task<WriteResult<EnvironmentFlagState>> PromoteFlagAsync(
        string projectKey,
        string flagKey,
        string fromEnvironment,
        string toEnvironment,
        Precondition precondition,
        WriteContext context,
        CancellationToken cancellationToken);

    /// <summary>
    /// Creates or updates flags (and the segments they use) in one environment in one transaction (flag imports); a dry
    /// run rolls back.
    /// </summary>
    Task<WriteResult<Flags.Import.ImportOutcome>> ImportFlagsAsync(
        string projectKey,
        string environmentKey,
        IReadOnlyList<Flags.Import.ImportedFlag> flags,
        bool dryRun,
        WriteContext context,
        CancellationToken cancellationToken,
        IReadOnlyList<SegmentData>? segments = null);

    Task<WriteResult<SegmentState>> CreateSegmentAsync(string projectKey, string environmentKey, SegmentData segment, WriteContext context, CancellationToken cancellationToken);

    Task<WriteResult<SegmentState>> UpdateSegmentAsync(string projectKey, string environmentKey, SegmentData segment, Precondition precondition, WriteContext context, CancellationToken cancellationToken);

    Task<WriteResult<SegmentState>> DeleteSegmentAsync(string projectKey, string environmentKey, string segmentKey, Precondition precondition, WriteContext context, CancellationToken cancellationToken);

    Task<SegmentState?> GetSegmentAsync(string projectKey, string environmentKey, string segmentKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<SegmentState>> ListSegmentsAsync(string projectKey, string environmentKey, CancellationToken cancellationToken);

    /// <summary>The environment's whole ruleset in the native format (docs/flag-format.md) at its current version; null when there is no such environment.</summary>
    Task<RulesetDocument?> GetRulesetJsonAsync(long environmentId, CancellationToken cancellationToken);

    /// <summary>The changes after <paramref name="sinceVersion"/>, oldest first.</summary>
    Task<IReadOnlyList<ChangeEntry>> GetChangesAsync(long environmentId, long sinceVersion, int limit, CancellationToken cancellationToken);

    /// <summary>The flag's last change-log entry at or before <paramref name="version"/> of the environment (its state then), or null.</summary>
    Task<ChangeEntry?> GetFlagChangeAtAsync(long environmentId, string flagKey, long version, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken);

    Task<long> CountAccountsAsync(CancellationToken cancellationToken);

    Task<WriteResult<AccountState>> CreateAccountAsync(AccountState account, WriteContext context, CancellationToken cancellationToken);

    Task<AccountState?> GetAccountAsync(string username, CancellationToken cancellationToken);

    Task<ApiTokenState> CreateApiTokenAsync(string name, string tokenHash, Role role, long? projectId, string kind, DateTimeOffset? expiresAt, WriteContext context, CancellationToken cancellationToken);

    Task<ApiTokenState?> FindApiTokenAsync(string tokenHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiTokenState>> ListApiTokensAsync(CancellationToken cancellationToken);

    Task<bool> RevokeApiTokenAsync(long id, WriteContext context, CancellationToken cancellationToken);

    /// <summary>Adds a new SDK key and lets every active key of the same kind expire after <paramref name="overlap"/>.</summary>
    Task<SdkKeyState> RotateSdkKeyAsync(long environmentId, string kind, string keyHash, string hint, TimeSpan overlap, WriteContext context, CancellationToken cancellationToken);

    Task<SdkKeyState?> FindSdkKeyAsync(string keyHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<SdkKeyState>> ListSdkKeysAsync(long environmentId, CancellationToken cancellationToken);

    Task<bool> RevokeSdkKeyAsync(long environmentId, long id, WriteContext context, CancellationToken cancellationToken);

    /// <summary>Sets the browser origins a client key may be used from (audited); null when there is no such key.</summary>
    Task<SdkKeyState?> SetSdkKeyOriginsAsync(long environmentId, long id, IReadOnlyList<string> allowedOrigins, WriteContext context, CancellationToken cancellationToken);

    /// <summary>The environment's client keys that are neither revoked nor expired: hashes, origins and expiry (what edges learn).</summary>
    Task<IReadOnlyList<ClientKeyState>> ListActiveClientKeysAsync(long environmentId, CancellationToken cancellationToken);

    /// <summary>The SDK keys whose hash starts with <paramref name="hashPrefix"/> (lower-case hex), with their hashes: an OFREP stream token names its key so.</summary>
    Task<IReadOnlyList<(SdkKeyState Key, string KeyHash)>> FindSdkKeysByHashPrefixAsync(string hashPrefix, CancellationToken cancellationToken);

    /// <summary>Every origin some active client key of any environment allows (the CORS preflight's answer).</summary>
    Task<IReadOnlyList<string>> ListClientKeyOriginsAsync(CancellationToken cancellationToken);
    Task<WriteResult<WebhookState>> CreateWebhookAsync(string projectKey, string id, WebhookData data, string secretCipher, string secretHint, WriteContext context, CancellationToken cancellationToken);

    Task<WriteResult<WebhookState>> UpdateWebhookAsync(string projectKey, string id, WebhookData data, Precondition precondition, WriteContext context, CancellationToken cancellationToken);

    /// <summary>Replaces the signing secret; checks <paramref name="precondition"/> when one is given.</summary>
    Task<WriteResult<WebhookState>> RotateWebhookSecretAsync(string projectKey, string id, string secretCipher, string secretHint, Precondition? precondition, WriteContext context, CancellationToken cancellationToken);

    Task<WriteResult<WebhookState>> DeleteWebhookAsync(string projectKey, string id, Precondition precondition, WriteContext context, CancellationToken cancellationToken);

    Task<WebhookState?> GetWebhookAsync(string projectKey, string id, CancellationToken cancellationToken);

    /// <summary>A subscription by id alone (the dispatcher knows no project).</summary>
    Task<WebhookState?> FindWebhookAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookState>> ListWebhooksAsync(string projectKey, CancellationToken cancellationToken);

    /// <summary>
    /// Hands the oldest (at most <paramref name="limit"/>) committed webhook events to <paramref name="publish"/> and
    /// removes them once it returns; when it throws they stay for the next call. Returns how many were handed over.
    /// </summary>
    Task<int> DrainWebhookOutboxAsync(int limit, Func<IReadOnlyList<WebhookOutboxEntry>, CancellationToken, Task> publish, CancellationToken cancellationToken);
}
