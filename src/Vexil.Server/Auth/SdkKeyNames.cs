using System.Text.RegularExpressions;

namespace Vexil.Server.Auth;

/// <summary>What an SDK key's name may be: 1 to 64 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>, starting with a letter or digit.</summary>
internal static partial class SdkKeyNames
{
    /// <summary>The name of a key created without one (and of every key made before names existed), then default-2, default-3, ….</summary>
    public const string Default = "default";

    public const int MaxLength = 64;

    public static bool IsValid(string name) => name.Length <= MaxLength && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
