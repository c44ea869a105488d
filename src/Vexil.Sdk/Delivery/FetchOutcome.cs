namespace Vexil.Sdk.Delivery;

/// <summary>What a ruleset request came to.</summary>
internal enum FetchOutcome
{
    /// <summary>A new ruleset that compiled.</summary>
    Updated,

    /// <summary><c>304</c>: the client holds the current version.</summary>
    NotModified,

    /// <summary><c>401</c> or <c>403</c>: retrying with the same key cannot succeed.</summary>
    Refused,

    /// <summary>A network error, a timeout, another status, or a ruleset that did not compile.</summary>
    Failed,
}
