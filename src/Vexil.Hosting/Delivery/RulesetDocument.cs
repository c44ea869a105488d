namespace Vexil.Hosting.Delivery;

/// <summary>An environment's whole ruleset in the native format (UTF-8 JSON) and the version it represents.</summary>
internal sealed record RulesetDocument(long Version, byte[] Utf8Json);
