namespace Vexil.Core.Evaluation;

/// <summary>The value type of a flag; every variation's value has this type.</summary>
public enum FlagValueType : byte
{
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A string.</summary>
    String,

    /// <summary>A finite number (IEEE 754 double).</summary>
    Number,

    /// <summary>A JSON object or array (OpenFeature's "structure").</summary>
    Object,
}
