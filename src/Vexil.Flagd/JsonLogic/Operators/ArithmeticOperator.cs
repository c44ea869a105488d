namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>The arithmetic operators of JsonLogic.</summary>
internal enum ArithmeticOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Min,
    Max,
}
