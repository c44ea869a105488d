using System.Text.Json;

namespace Vexil.Server.Governance;

/// <summary>A change request on the wire: what it changes (changes, bases, the readable difference) and its reviews.</summary>
internal sealed record ChangeRequestResponse(
    long Id,
    string Project,
    string Title,
    string? Description,
    string Author,
    string Origin,
    string Status,
    long Revision,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Flags,
    JsonElement Changes,
    JsonElement Bases,
    JsonElement Diff,
    IReadOnlyList<ChangeRequestReview> Reviews,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? AppliedAt,
    string? AppliedBy)
{
    public static ChangeRequestResponse From(ChangeRequestState s, IReadOnlyList<ChangeRequestReview> reviews) => new(
        s.Id,
        s.ProjectKey,
        s.Title,
        s.Description,
        s.Author,
        s.Origin,
        s.Status,
        s.Revision,
        s.Environments,
        s.Flags,
        Parse(s.ChangesJson),
        Parse(s.BasesJson),
        Parse(s.DiffJson),
        reviews,
        s.CreatedAt,
        s.UpdatedAt,
        s.AppliedAt,
        s.AppliedBy);

    public static string Location(ChangeRequestState s) => $"/api/v1/projects/{s.ProjectKey}/change-requests/{s.Id}";

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
