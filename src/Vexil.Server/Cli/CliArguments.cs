namespace Vexil.Server.Cli;

/// <summary>
/// A command's arguments: <c>--name value</c> options, <c>--switch</c> flags and positionals, checked against what
/// the command accepts so that a typo is a usage error, never silently ignored.
/// </summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _switches = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    private CliArguments()
    {
    }

    public IReadOnlyList<string> Positionals => _positionals;

    public bool Help => _switches.Contains("help");

    /// <summary>Parses <paramref name="args"/>; <paramref name="options"/> take a value, <paramref name="switches"/> do not.</summary>
    public static CliArguments Parse(IReadOnlyList<string> args, string[] options, string[] switches)
    {
        var result = new CliArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                result._switches.Add("help");
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                result._positionals.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? inline = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                inline = name[(equals + 1)..];
                name = name[..equals];
            }

            if (switches.Contains(name) && inline is null)
            {
                result._switches.Add(name);
            }
            else if (options.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : throw CliException.Usage($"--{name} needs a value"));
                result._options[name] = value;
            }
            else
            {
                throw CliException.Usage($"unknown option --{name}");
            }
        }

        return result;
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public string Required(string name) =>
        _options.TryGetValue(name, out var value) && value.Length > 0 ? value : throw CliException.Usage($"--{name} is required");

    public bool Switch(string name) => _switches.Contains(name);

    public int? Integer(string name)
    {
        if (Option(name) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw CliException.Usage($"--{name} must be a whole number, not '{text}'");
    }

    /// <summary>The positionals, exactly <paramref name="names"/>.Length of them.</summary>
    public string[] Expect(params string[] names)
    {
        if (_positionals.Count != names.Length)
        {
            throw CliException.Usage(names.Length == 0
                ? $"unexpected argument '{_positionals[0]}'"
                : $"expected {string.Join(" ", names.Select(n => n.ToUpperInvariant()))}, got {(_positionals.Count == 0 ? "nothing" : string.Join(" ", _positionals))}");
        }

        return [.. _positionals];
    }
}
