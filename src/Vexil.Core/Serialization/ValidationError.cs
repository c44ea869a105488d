namespace Vexil.Core.Serialization;

/// <summary>One problem found in a definition: where (a JSON path such as <c>flags[3].rules[0].clauses[1].operator</c>) and what.</summary>
/// <param name="Path">The JSON path of the offending value; empty for the document itself.</param>
/// <param name="Message">What is wrong, in words a person understands.</param>
public sealed record ValidationError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
