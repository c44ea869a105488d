using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic;

/// <summary>
/// One compiled JsonLogic expression. Immutable and thread-safe; evaluating returns a small struct and never throws
/// for any input (operators given the wrong kinds of values yield null, as flagd's do).
/// </summary>
internal abstract class JsonLogicNode
{
    /// <summary>Evaluates the expression. <see cref="ContextValue.Missing"/> and <see cref="ContextValue.Null"/> both mean null.</summary>
    public abstract ContextValue Evaluate(in JsonLogicScope scope);
}
