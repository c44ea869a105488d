namespace Vexil.Core.Context;

/// <summary>The JSON kind of a context attribute value.</summary>
public enum ContextValueKind : byte
{
    /// <summary>The attribute is absent. The default of <see cref="ContextValue"/>.</summary>
    Missing = 0,

    /// <summary>JSON <c>null</c>.</summary>
    Null,

    /// <summary>JSON <c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A JSON number, held as a double.</summary>
    Number,

    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON array.</summary>
    List,

    /// <summary>A JSON object.</summary>
    Object,
}
