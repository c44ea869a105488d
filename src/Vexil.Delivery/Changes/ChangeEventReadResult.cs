using Vexil.Core.Serialization;

namespace Vexil.Delivery.Changes;

/// <summary>The outcome of reading a change event: the event when it is valid, and every error found.</summary>
/// <param name="Event">The event, or null when there are errors.</param>
/// <param name="Errors">Every error with its JSON path; empty when valid.</param>
public sealed record ChangeEventReadResult(ChangeEvent? Event, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>True when the event was read without errors.</summary>
    public bool IsValid => Event is not null;

    /// <summary>The first few errors in one line, for a log.</summary>
    public string Describe() => Errors.Count == 0 ? "invalid change" : string.Join("; ", Errors.Take(5));
}
