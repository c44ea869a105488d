namespace Vexil.Delivery.Following;

/// <summary>Why the follower did not apply what it received (and fetched a whole ruleset instead).</summary>
public enum FollowerRejection
{
    /// <summary>A whole ruleset that failed validation: the one held stays in service.</summary>
    InvalidRuleset,

    /// <summary>A change that is malformed, fails validation, or whose body disagrees with its event id.</summary>
    InvalidChange,

    /// <summary>A change that does not follow the version held (a gap).</summary>
    Gap,
}
