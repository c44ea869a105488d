namespace Vexil.Server.Storage;

/// <summary>The If-Match of a write: the ETag the writer last saw, or <c>*</c> for any (strong comparison: weak tags never match).</summary>
internal readonly record struct Precondition(string? IfMatch)
{
    public static readonly Precondition None = new(null);

    public bool IsSatisfiedBy(string currentETag) =>
        IfMatch is null || IfMatch == "*" || IfMatch.Split(',').Any(t => t.Trim() == currentETag);
}
