namespace Vexil.Events.Ingestion;

/// <summary>One reason a batch was refused: the JSON path of the offending value and what is wrong with it.</summary>
/// <param name="Path">JSON path such as <c>summaries[3].count</c>; empty for the whole document.</param>
/// <param name="Message">What is wrong, e.g. <c>must be a positive integer</c>.</param>
public sealed record EventValidationError(string Path, string Message)
{
    /// <summary>The error as one line: <c>path: message</c>.</summary>
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
