using Vexil.Core.Serialization;

namespace Vexil.Server.Storage;

/// <summary>The outcome of one write: the new state and the environment versions it produced, or why nothing changed.</summary>
internal sealed record WriteResult<T>(
    WriteStatus Status,
    T? Value,
    IReadOnlyDictionary<string, long> Versions,
    IReadOnlyList<ValidationError> Errors,
    string? Detail = null,
    object? Proposal = null,
    string? Location = null)
{
    public static WriteResult<T> Ok(T value, IReadOnlyDictionary<string, long> versions) => new(WriteStatus.Ok, value, versions, []);

    /// <summary>A refusal; <paramref name="detail"/> names what was missing, stale or in the way.</summary>
    public static WriteResult<T> Fail(WriteStatus status, string? detail = null) => new(status, default, EmptyVersions, [], detail);

    public static WriteResult<T> Invalid(IReadOnlyList<ValidationError> errors) => new(WriteStatus.Invalid, default, EmptyVersions, errors);

    /// <summary>The same failure for another value type.</summary>
    public WriteResult<TOther> As<TOther>() => new(Status, default, Versions, Errors, Detail, Proposal, Location);

    /// <summary>The write was held for review: <paramref name="proposal"/> is the change request it became, at <paramref name="location"/>.</summary>
    public static WriteResult<T> Held(object proposal, string location, string detail) => new(WriteStatus.Held, default, EmptyVersions, [], detail, proposal, location);

    private static readonly Dictionary<string, long> EmptyVersions = [];
}
