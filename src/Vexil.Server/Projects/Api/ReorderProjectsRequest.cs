namespace Vexil.Server.Projects.Api;

/// <summary>The projects' keys in the order wanted; those left out follow in the order they had.</summary>
internal sealed record ReorderProjectsRequest(string[]? Keys);
