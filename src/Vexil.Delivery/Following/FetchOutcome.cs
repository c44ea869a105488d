namespace Vexil.Delivery.Following;

/// <summary>What one <c>GET /sdk/v1/ruleset</c> came to.</summary>
internal enum FetchOutcome
{
    /// <summary>A newer ruleset, persisted and published.</summary>
    Updated,

    /// <summary><c>304</c>, or a ruleset no newer than the one held.</summary>
    Current,

    /// <summary><c>401</c>/<c>403</c>.</summary>
    Refused,

    /// <summary>A network error, a timeout, another status, or a ruleset that failed validation.</summary>
    Failed,
}
