using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic;

/// <summary>
/// What a node evaluates against: the evaluation context, or, inside <c>map</c>, <c>filter</c>, <c>all</c>,
/// <c>some</c>, <c>none</c> and <c>reduce</c>, the current item (then <c>var</c> reads the item).
/// </summary>
internal readonly struct JsonLogicScope
{
    public JsonLogicScope(EvaluationContext context)
    {
        Context = context;
        Data = default;
        HasData = false;
    }

    public JsonLogicScope(EvaluationContext context, ContextValue data)
    {
        Context = context;
        Data = data;
        HasData = true;
    }

    /// <summary>The evaluation context.</summary>
    public EvaluationContext Context { get; }

    /// <summary>The current item of an iterating operator.</summary>
    public ContextValue Data { get; }

    /// <summary>True inside an iterating operator.</summary>
    public bool HasData { get; }
}
