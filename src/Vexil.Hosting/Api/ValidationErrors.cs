using System.Text.RegularExpressions;
using Vexil.Core.Serialization;

namespace Vexil.Hosting.Api;

/// <summary>Collects every problem of a request body by path, then answers them all at once (RFC 7807 validation problem).</summary>
internal sealed partial class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list))
        {
            _errors[path] = list = [];
        }

        list.Add(message);
    }

    public void AddRange(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            Add(error.Path, error.Message);
        }
    }

    /// <summary>Requires a key of the native format: <c>[A-Za-z0-9][A-Za-z0-9._-]{0,127}</c>.</summary>
    public void RequireKey(string path, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(path, "is required");
        }
        else if (!KeyPattern().IsMatch(value))
        {
            Add(path, "must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}");
        }
    }

    public void RequireText(string path, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(path, "is required");
        }
        else if (value.Length > maxLength)
        {
            Add(path, $"must be at most {maxLength} characters");
        }
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>Every error as one line of text (the dashboard shows them).</summary>
    public IEnumerable<string> Messages => _errors.SelectMany(e => e.Value.Select(m => $"{e.Key} {m}"));

    public IResult ToResult() =>
        TypedResults.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

    public static IResult From(IEnumerable<ValidationError> errors)
    {
        var collected = new ValidationErrors();
        collected.AddRange(errors);
        return collected.ToResult();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
