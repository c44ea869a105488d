using System.Globalization;

namespace Vexil.Server.Dashboard.Audit;

/// <summary>
/// The audit page's filters as typed in its form: a flag, an actor, an environment, and a date range (whole UTC days,
/// <c>yyyy-MM-dd</c>, both inclusive); with what did not parse, by field.
/// </summary>
internal sealed record AuditFilter(string? Flag, string? Actor, string? Environment, string? FromText, string? ToText, long? Before, IReadOnlyList<string> Errors)
{
    public DateTimeOffset? From => Day(FromText);

    /// <summary>The end of the <c>to</c> day (exclusive), so the day itself is included.</summary>
    public DateTimeOffset? To => Day(ToText)?.AddDays(1);

    public bool IsFiltered => Flag is not null || Actor is not null || Environment is not null || FromText is not null || ToText is not null;

    public static AuditFilter Parse(IQueryCollection query)
    {
        var errors = new List<string>();
        var from = Text(query, "from");
        var to = Text(query, "to");
        foreach (var (name, text) in new[] { ("from", from), ("to", to) })
        {
            if (text is not null && Day(text) is null)
            {
                errors.Add($"{name}: “{text}” is not a date (yyyy-mm-dd)");
            }
        }

        if (errors.Count == 0 && Day(from) is { } f && Day(to) is { } t && t < f)
        {
            errors.Add("to: the range ends before it starts");
        }

        long? before = null;
        if (Text(query, "before") is { } b)
        {
            if (long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                before = id;
            }
            else
            {
                errors.Add($"before: “{b}” is not an entry id");
            }
        }

        return new AuditFilter(Text(query, "flag"), Text(query, "actor"), Text(query, "environment"), from, to, before, errors);
    }

    /// <summary>The query string of these filters (for the link to older entries), without <c>before</c>.</summary>
    public string Query()
    {
        var parts = new List<string>();
        Add(parts, "flag", Flag);
        Add(parts, "actor", Actor);
        Add(parts, "environment", Environment);
        Add(parts, "from", FromText);
        Add(parts, "to", ToText);
        return string.Join('&', parts);
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }

    private static string? Text(IQueryCollection query, string name)
    {
        var value = query[name].ToString().Trim();
        return value.Length == 0 ? null : value;
    }

    private static DateTimeOffset? Day(string? text) =>
        text is not null && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day)
            ? new DateTimeOffset(day, TimeSpan.Zero)
            : null;
}
