namespace Vexil.Cluster.Tests.Tracing;

/// <summary>One span as an OTLP receiver got it: ids in lower-case hex, its attributes (values as text) and its resource's <c>service.name</c>.</summary>
internal sealed record ReceivedSpan(
    string Service,
    string Scope,
    string Name,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    int Kind,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<(string TraceId, string SpanId)> Links)
{
    public string? this[string attribute] => Attributes.TryGetValue(attribute, out var value) ? value : null;

    public override string ToString() => $"{Service}/{Scope} {Name} trace={TraceId} span={SpanId} parent={ParentSpanId} [{string.Join(", ", Attributes.Select(a => a.Key + "=" + a.Value))}]";
}
