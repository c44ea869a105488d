using Vexil.Core.Serialization;

namespace Vexil.Importers;

/// <summary>Collects refusals with their paths in the source document.</summary>
internal sealed class Refusals
{
    private readonly List<ValidationError> _errors = [];

    public int Count => _errors.Count;

    public IReadOnlyList<ValidationError> All => _errors;

    /// <summary>Adds a refusal; returns null, for <c>return refusals.Refuse(...)</c> in translators.</summary>
    public T? Refuse<T>(string path, string reason)
        where T : class
    {
        _errors.Add(new ValidationError(path, reason));
        return null;
    }

    public void Add(string path, string reason) => _errors.Add(new ValidationError(path, reason));

    public static string Property(string parent, string name) => JsonPath.Property(parent, name);

    public static string Index(string parent, int index) => JsonPath.Index(parent, index);

    public static bool IsKey(string? key) => key is not null && JsonObjectReader.IsValidKey(key);
}
