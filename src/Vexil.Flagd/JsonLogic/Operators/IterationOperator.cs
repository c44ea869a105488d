namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>The JsonLogic operators that apply an expression to each item of an array.</summary>
internal enum IterationOperator
{
    Map,
    Filter,
    All,
    Some,
    None,
    Reduce,
}
