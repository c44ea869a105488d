using System.Collections;
using System.Text;

namespace Vexil.Sdk.Diagnostics;

/// <summary>
/// A <c>feature_flag.evaluation</c> log record's state: its attributes as key-value pairs (how OpenTelemetry's logging
/// bridge reads them) and a short message for plain log sinks.
/// </summary>
internal sealed class EvaluationEventState(List<KeyValuePair<string, object?>> attributes) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => attributes.Count;

    public KeyValuePair<string, object?> this[int index] => attributes[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => attributes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString()
    {
        var text = new StringBuilder(VexilTelemetry.EvaluationEventName);
        foreach (var (name, value) in attributes)
        {
            text.Append(' ').Append(name).Append('=').Append(value);
        }

        return text.ToString();
    }
}
