namespace Vexil.Hosting.Delivery;

/// <summary>
/// Says which of the keys that hold open streams are no longer accepted: revoked or expired (control plane), refused
/// by the upstream or no longer listed (edge). Asked every <see cref="DeliveryOptions.KeyCheckInterval"/> and whenever
/// a key changes here; a failure to find out (the store is down) ends nothing.
/// </summary>
internal interface IStreamKeyAuthority
{
    /// <summary>The key hashes among <paramref name="callers"/> that are no longer accepted.</summary>
    ValueTask<IReadOnlyList<string>> FindRefusedAsync(IReadOnlyList<StreamCaller> callers, CancellationToken cancellationToken);
}
