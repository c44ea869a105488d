namespace Vexil.Core.Model;

/// <summary>A flag rule: when every clause matches, serve.</summary>
/// <param name="Id">Unique in its flag; reported in evaluation reasons.</param>
/// <param name="Clauses">ANDed clauses.</param>
/// <param name="Serve">What the rule serves.</param>
/// <param name="Description">Free text, or null.</param>
/// <param name="Percentage">A share of the matching contexts to which the rule applies (the others go on to the next rule), or null for all.</param>
public sealed record RuleDefinition(string Id, IReadOnlyList<ClauseDefinition> Clauses, ServeDefinition Serve, string? Description = null, PercentageDefinition? Percentage = null);
