using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary><c>+ - * / % min max</c> over numbers (JavaScript's coercion); null when a value is not a number.</summary>
internal sealed class ArithmeticNode(ArithmeticOperator op, JsonLogicNode[] args) : JsonLogicNode
{
    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        if (args.Length == 0)
        {
            return op switch
            {
                ArithmeticOperator.Add => ContextValue.Of(0d),
                ArithmeticOperator.Multiply => ContextValue.Of(1d),
                _ => ContextValue.Null,
            };
        }

        var result = JsonLogicValues.ToNumber(args[0].Evaluate(scope));
        if (args.Length == 1)
        {
            result = op switch
            {
                ArithmeticOperator.Subtract => -result,
                ArithmeticOperator.Divide or ArithmeticOperator.Modulo => double.NaN,
                _ => result,
            };
        }

        var count = op is ArithmeticOperator.Divide or ArithmeticOperator.Modulo or ArithmeticOperator.Subtract ? Math.Min(args.Length, 2) : args.Length;
        for (var i = 1; i < count; i++)
        {
            var next = JsonLogicValues.ToNumber(args[i].Evaluate(scope));
            result = op switch
            {
                ArithmeticOperator.Add => result + next,
                ArithmeticOperator.Subtract => result - next,
                ArithmeticOperator.Multiply => result * next,
                ArithmeticOperator.Divide => result / next,
                ArithmeticOperator.Modulo => result % next,
                ArithmeticOperator.Min => Math.Min(result, next),
                _ => Math.Max(result, next),
            };
        }

        return double.IsFinite(result) ? ContextValue.Of(result) : ContextValue.Null;
    }
}
