namespace Vexil.Server.Governance.Api;

/// <summary>The body of an approval, a rejection or a comment: what the reviewer says (required for a comment).</summary>
internal sealed record ReviewRequest(string? Comment);
