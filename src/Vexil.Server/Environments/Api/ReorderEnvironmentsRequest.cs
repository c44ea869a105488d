namespace Vexil.Server.Environments.Api;

/// <summary>The environments to put first, in this order (each key once); the others follow in the order they had.</summary>
internal sealed record ReorderEnvironmentsRequest(string[]? Keys);
