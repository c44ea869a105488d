namespace Vexil.Core.Model;

/// <summary>What a rule or the fallthrough serves: exactly one of a variation or a rollout.</summary>
/// <param name="Variation">A fixed variation's key, or null.</param>
/// <param name="Rollout">A percentage rollout, or null.</param>
public sealed record ServeDefinition(string? Variation, RolloutDefinition? Rollout)
{
    /// <summary>Serves one variation.</summary>
    public static ServeDefinition Of(string variation) => new(variation, null);
}
