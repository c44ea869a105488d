using System.Diagnostics.CodeAnalysis;

namespace Vexil.Core.Operators;

/// <summary>
/// A SemVer 2.0.0 version (<see href="https://semver.org"/>), parsed once and compared by precedence without
/// allocating. It keeps the text it was parsed from and the offsets of its pre-release part; build metadata is
/// accepted but ignored. Equality is precedence equality: <c>1.0.0+a</c> equals <c>1.0.0+b</c>.
/// <c>default</c> is <c>0.0.0</c>.
/// </summary>
public readonly struct SemanticVersion : IComparable<SemanticVersion>, IEquatable<SemanticVersion>
{
    private readonly string? _source;
    private readonly int _prereleaseStart;
    private readonly int _prereleaseLength;

    internal SemanticVersion(string source, ulong major, ulong minor, ulong patch, int prereleaseStart, int prereleaseLength)
    {
        _source = source;
        Major = major;
        Minor = minor;
        Patch = patch;
        _prereleaseStart = prereleaseStart;
        _prereleaseLength = prereleaseLength;
    }

    /// <summary>The major version.</summary>
    public ulong Major { get; }

    /// <summary>The minor version.</summary>
    public ulong Minor { get; }

    /// <summary>The patch version.</summary>
    public ulong Patch { get; }

    /// <summary>True when the version has a pre-release part (<c>1.0.0-beta</c>), which gives it lower precedence.</summary>
    public bool IsPrerelease => _prereleaseLength > 0;

    /// <summary>The pre-release part without its leading <c>-</c>; empty for a release.</summary>
    public ReadOnlySpan<char> Prerelease => _source.AsSpan(_prereleaseStart, _prereleaseLength);

    /// <summary>
    /// Parses a strict SemVer 2.0.0 version: <c>MAJOR.MINOR.PATCH</c> without leading zeros, an optional
    /// <c>-prerelease</c> and <c>+build</c>, and one optional leading <c>v</c> or <c>V</c>. Never throws.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="version">The version, or <c>default</c> when the text is not a valid version.</param>
    /// <returns>True when <paramref name="text"/> is a valid version.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out SemanticVersion version) =>
        SemanticVersionParser.TryParse(text, lenient: false, out version);

    /// <summary>
    /// Parses like <see cref="TryParse"/> and also accepts the short forms <c>1</c> and <c>1.2</c> (the missing
    /// parts are 0; short forms take no pre-release or build part), like Go's <c>golang.org/x/mod/semver</c>
    /// that flagd's <c>sem_ver</c> uses.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="version">The version, or <c>default</c> when the text is not a valid version.</param>
    /// <returns>True when <paramref name="text"/> is a valid (possibly short) version.</returns>
    public static bool TryParseLenient([NotNullWhen(true)] string? text, out SemanticVersion version) =>
        SemanticVersionParser.TryParse(text, lenient: true, out version);

    /// <summary>Compares by SemVer precedence (section 11); build metadata is ignored.</summary>
    /// <param name="other">The version to compare with.</param>
    /// <returns>Negative when this version precedes <paramref name="other"/>, zero when equal, positive otherwise.</returns>
    public int CompareTo(SemanticVersion other)
    {
        var result = Major.CompareTo(other.Major);
        if (result != 0)
        {
            return result;
        }

        result = Minor.CompareTo(other.Minor);
        if (result != 0)
        {
            return result;
        }

        result = Patch.CompareTo(other.Patch);
        if (result != 0)
        {
            return result;
        }

        return SemanticVersionParser.ComparePrerelease(Prerelease, other.Prerelease);
    }

    /// <summary>True when both versions have the same precedence.</summary>
    /// <param name="other">The version to compare with.</param>
    /// <returns>True when <see cref="CompareTo"/> returns zero.</returns>
    public bool Equals(SemanticVersion other) => CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SemanticVersion other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Major, Minor, Patch, string.GetHashCode(Prerelease, StringComparison.Ordinal));

    /// <summary>The text this version was parsed from (<c>0.0.0</c> for <c>default</c>).</summary>
    /// <returns>The source text.</returns>
    public override string ToString() => _source ?? "0.0.0";

    /// <summary>Precedence equality.</summary>
    public static bool operator ==(SemanticVersion left, SemanticVersion right) => left.Equals(right);

    /// <summary>Precedence inequality.</summary>
    public static bool operator !=(SemanticVersion left, SemanticVersion right) => !left.Equals(right);

    /// <summary>True when <paramref name="left"/> has lower precedence.</summary>
    public static bool operator <(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> has lower or equal precedence.</summary>
    public static bool operator <=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> has higher precedence.</summary>
    public static bool operator >(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> has higher or equal precedence.</summary>
    public static bool operator >=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) >= 0;
}
