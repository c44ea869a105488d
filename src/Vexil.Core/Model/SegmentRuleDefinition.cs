namespace Vexil.Core.Model;

/// <summary>A segment rule: a context matching every clause is in the segment.</summary>
/// <param name="Id">Unique in its segment.</param>
/// <param name="Clauses">ANDed clauses (segment rules may not use <c>segmentMatch</c>).</param>
/// <param name="Percentage">A share of the matching contexts that are in the segment (LaunchDarkly's weighted segment rules), or null for all.</param>
public sealed record SegmentRuleDefinition(string Id, IReadOnlyList<ClauseDefinition> Clauses, PercentageDefinition? Percentage = null);
