using Vexil.Core.Serialization;

namespace Vexil.Server.Storage;

/// <summary>The outcome of one write: the new state and the environment versions it produced, or why nothing changed.</summary>
internal sealed record WriteResult<T>(
    WriteStatus Status,
    T? Value,
    IReadOnlyDictionary<string, long> Versions,
    IReadOnlyList<ValidationError> Errors)
{
    public static WriteResult<T> Ok(T value, IReadOnlyDictionary<string, long> versions) => new(WriteStatus.Ok, value, versions, []);

    public static WriteResult<T> Fail(WriteStatus status) => new(status, default, EmptyVersions, []);

    public static WriteResult<T> Invalid(IReadOnlyList<ValidationError> errors) => new(WriteStatus.Invalid, default, EmptyVersions, errors);

    private static readonly Dictionary<string, long> EmptyVersions = [];
}
