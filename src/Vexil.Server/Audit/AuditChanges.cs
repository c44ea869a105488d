using System.Text.Json;

namespace Vexil.Server.Audit;

/// <summary>
/// The structured difference an audit record keeps: the paths (in the native format's terms) whose values differ
/// between before and after, with both values as JSON text. Computed once, when the change is recorded.
/// </summary>
internal static class AuditChanges
{
    public static IReadOnlyList<AuditChange> Compare(JsonElement? before, JsonElement? after)
    {
        var a = Flatten(before);
        var b = Flatten(after);
        var lines = new List<AuditChange>();
        foreach (var path in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            var old = a.GetValueOrDefault(path);
            var now = b.GetValueOrDefault(path);
            if (old != now && path != "version")
            {
                lines.Add(new AuditChange(path, old, now));
            }
        }

        return lines;
    }

    private static Dictionary<string, string> Flatten(JsonElement? element)
    {
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element is { } e)
        {
            Walk(e, string.Empty, flat);
        }

        return flat;
    }

    private static void Walk(JsonElement e, string path, Dictionary<string, string> flat)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    Walk(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}", flat);
                }

                break;
            case JsonValueKind.Array when e.GetArrayLength() > 0:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item, $"{path}[{i++}]", flat);
                }

                break;
            default:
                flat[path] = e.GetRawText();
                break;
        }
    }
}
