namespace Vexil.Core.Serialization;

/// <summary>Builds the JSON paths that validation errors carry: <c>flags[3].rules[0].clauses[1].operator</c>.</summary>
internal static class JsonPath
{
    public static string Property(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    public static string Index(string parent, int index) => parent + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
}
