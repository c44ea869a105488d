using System.Reflection;
using System.Text.Json;

namespace Vexil.Server.Api;

/// <summary>
/// Says what a request body got wrong in the API's terms (<c>tags[0]: must be a string</c>, <c>kee: is not a known
/// field</c>) instead of System.Text.Json's message, which names .NET types. The expected type comes from the request
/// record's property at the error's path.
/// </summary>
internal static class JsonBodyErrors
{
    /// <summary>The field path and message for a conversion or unknown-field error while reading a <paramref name="root"/>.</summary>
    public static (string Path, string Message) Describe(Type root, string? jsonPath)
    {
        var path = jsonPath is null or "$" ? string.Empty : jsonPath.TrimStart('$').TrimStart('.');
        var type = root;
        foreach (var segment in Segments(path))
        {
            type = Unwrap(type);
            if (segment.StartsWith('['))
            {
                type = ElementType(type) ?? typeof(object);
                continue;
            }

            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return (path, "is not a known field");
            }

            type = property.PropertyType;
        }

        return (path, Expected(Unwrap(type)));
    }

    private static string Expected(Type type) =>
        type == typeof(string) ? "must be a string"
        : type == typeof(bool) ? "must be true or false"
        : type == typeof(int) || type == typeof(long) || type == typeof(short) ? "must be an integer"
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "must be a number"
        : type == typeof(JsonElement) ? "has the wrong type"
        : ElementType(type) is { } element ? element == typeof(string) || Nullable.GetUnderlyingType(element) == typeof(string) ? "must be an array of strings" : "must be an array"
        : "must be a JSON object";

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        foreach (var candidate in type.GetInterfaces().Prepend(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return candidate.GetGenericArguments()[0];
            }
        }

        return null;
    }

    /// <summary><c>tags[0].name</c> → <c>tags</c>, <c>[0]</c>, <c>name</c>.</summary>
    private static IEnumerable<string> Segments(string path)
    {
        var start = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] is '.' or '[')
            {
                if (i > start)
                {
                    yield return path[start..i];
                }

                if (i < path.Length && path[i] == '[')
                {
                    var close = path.IndexOf(']', i);
                    close = close < 0 ? path.Length - 1 : close;
                    yield return path[i..(close + 1)];
                    i = close;
                }

                start = i + 1;
            }
        }
    }
}
