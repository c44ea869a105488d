namespace Vexil.Core.Compilation;

/// <summary>What a rule or the fallthrough serves: a fixed variation index, or a rollout.</summary>
internal sealed class CompiledServe
{
    private CompiledServe(int variation, CompiledRollout? rollout)
    {
        Variation = variation;
        Rollout = rollout;
    }

    /// <summary>The fixed variation's index, or -1 for a rollout.</summary>
    public int Variation { get; }

    public CompiledRollout? Rollout { get; }

    public static CompiledServe Fixed(int variation) => new(variation, null);

    public static CompiledServe Of(CompiledRollout rollout) => new(-1, rollout);
}
