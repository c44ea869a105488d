namespace Vexil.Flagd.JsonLogic.Operators;

/// <summary>The comparisons of flagd's <c>sem_ver</c>.</summary>
internal enum SemVerOperator
{
    Invalid,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,

    /// <summary><c>^</c>: the same major version.</summary>
    SameMajor,

    /// <summary><c>~</c>: the same major and minor version.</summary>
    SameMinor,
}
