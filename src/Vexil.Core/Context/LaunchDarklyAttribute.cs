namespace Vexil.Core.Context;

/// <summary>
/// A LaunchDarkly attribute reference, compiled: a name (<c>email</c>) or a path of names starting with '/'
/// (<c>/address/city</c>, with <c>~1</c> for '/' and <c>~0</c> for '~' in names). <c>kind</c> alone is the list of the
/// context's kinds. Read from the context of one kind (<see cref="ContextKinds"/>); objects only, never into lists.
/// </summary>
internal sealed class LaunchDarklyAttribute
{
    private readonly string[] _components;
    private readonly int[] _hashes;

    private LaunchDarklyAttribute(string[] components)
    {
        _components = components;
        _hashes = new int[components.Length];
        for (var i = 0; i < components.Length; i++)
        {
            _hashes[i] = AttributeTable.Hash(components[i]);
        }

        IsKind = components.Length == 1 && components[0] == "kind";
    }

    /// <summary>True for <c>kind</c>: the context's kinds.</summary>
    public bool IsKind { get; }

    /// <summary>Parses a reference; false for an empty one, an empty name, a bad escape or <c>_meta</c>.</summary>
    public static bool TryParse(string? text, out LaunchDarklyAttribute? attribute)
    {
        attribute = null;
        if (string.IsNullOrEmpty(text) || text == "/")
        {
            return false;
        }

        string[] components;
        if (text[0] != '/')
        {
            components = [text];
        }
        else
        {
            components = text[1..].Split('/');
            for (var i = 0; i < components.Length; i++)
            {
                if (components[i].Length == 0 || !TryUnescape(components[i], out components[i]))
                {
                    return false;
                }
            }
        }

        if (components[0] == "_meta")
        {
            return false;
        }

        attribute = new LaunchDarklyAttribute(components);
        return true;
    }

    /// <summary>Reads the value in one kind's context; false when absent.</summary>
    public bool TryResolve(in KindView view, out ContextValue value)
    {
        if (!view.TryGetFirst(_components[0], _hashes[0], _components.Length == 1, out value))
        {
            return false;
        }

        for (var i = 1; i < _components.Length; i++)
        {
            if (value.Kind != ContextValueKind.Object || !value.TryGetProperty(_components[i], _hashes[i], out value))
            {
                value = default;
                return false;
            }
        }

        return true;
    }

    private static bool TryUnescape(string component, out string result)
    {
        result = component;
        if (!component.Contains('~', StringComparison.Ordinal))
        {
            return true;
        }

        var builder = new System.Text.StringBuilder(component.Length);
        for (var i = 0; i < component.Length; i++)
        {
            if (component[i] != '~')
            {
                builder.Append(component[i]);
                continue;
            }

            if (i + 1 >= component.Length || component[i + 1] is not ('0' or '1'))
            {
                return false;
            }

            builder.Append(component[++i] == '0' ? '~' : '/');
        }

        result = builder.ToString();
        return true;
    }
}
