using Vexil.Core.Context;
using Vexil.Core.Operators;

namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>
/// flagd's <c>sem_ver</c>: [version, operator, version]. Versions parse leniently (a leading v, short forms such as
/// <c>1</c> or <c>1.2</c>, numbers from the context); a constant version and operator are parsed at compile time.
/// Null for a wrong argument count, an unknown operator or an invalid version.
/// </summary>
internal sealed class SemVerNode : JsonLogicNode
{
    private readonly JsonLogicNode[] _args;
    private readonly SemVerOperator _constantOperator;
    private readonly bool _hasConstantTarget;
    private readonly SemanticVersion _constantTarget;

    public SemVerNode(JsonLogicNode[] args)
    {
        _args = args;
        if (args.Length == 3 && args[1] is ConstantNode op)
        {
            _constantOperator = ParseOperator(op.Value);
        }

        if (args.Length == 3 && args[2] is ConstantNode target)
        {
            _hasConstantTarget = TryParse(target.Value, out _constantTarget);
        }
    }

    /// <inheritdoc />
    public override ContextValue Evaluate(in JsonLogicScope scope)
    {
        if (_args.Length != 3)
        {
            return ContextValue.Null;
        }

        var op = _args[1] is ConstantNode ? _constantOperator : ParseOperator(_args[1].Evaluate(scope));
        if (op == SemVerOperator.Invalid || !TryParse(_args[0].Evaluate(scope), out var left))
        {
            return ContextValue.Null;
        }

        SemanticVersion right;
        if (_args[2] is ConstantNode)
        {
            if (!_hasConstantTarget)
            {
                return ContextValue.Null;
            }

            right = _constantTarget;
        }
        else if (!TryParse(_args[2].Evaluate(scope), out right))
        {
            return ContextValue.Null;
        }

        var order = left.CompareTo(right);
        return ContextValue.Of(op switch
        {
            SemVerOperator.Equal => order == 0,
            SemVerOperator.NotEqual => order != 0,
            SemVerOperator.Less => order < 0,
            SemVerOperator.LessOrEqual => order <= 0,
            SemVerOperator.Greater => order > 0,
            SemVerOperator.GreaterOrEqual => order >= 0,
            SemVerOperator.SameMajor => left.Major == right.Major,
            _ => left.Major == right.Major && left.Minor == right.Minor,
        });
    }

    private static bool TryParse(in ContextValue value, out SemanticVersion version)
    {
        version = default;
        return value.Kind switch
        {
            ContextValueKind.String => SemanticVersion.TryParseLenient(value.AsString, out version),
            ContextValueKind.Number => SemanticVersion.TryParseLenient(JsonLogicValues.FormatNumber(value.AsNumber), out version),
            _ => false,
        };
    }

    private static SemVerOperator ParseOperator(in ContextValue value) => value.AsString switch
    {
        "=" => SemVerOperator.Equal,
        "!=" => SemVerOperator.NotEqual,
        "<" => SemVerOperator.Less,
        "<=" => SemVerOperator.LessOrEqual,
        ">" => SemVerOperator.Greater,
        ">=" => SemVerOperator.GreaterOrEqual,
        "^" => SemVerOperator.SameMajor,
        "~" => SemVerOperator.SameMinor,
        _ => SemVerOperator.Invalid,
    };
}
