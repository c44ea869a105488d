namespace Vexil.Core.Model;

/// <summary>A segment rule: a context matching every clause is in the segment.</summary>
/// <param name="Id">Unique in its segment.</param>
/// <param name="Clauses">ANDed clauses (segment rules may not use <c>segmentMatch</c>).</param>
public sealed record SegmentRuleDefinition(string Id, IReadOnlyList<ClauseDefinition> Clauses);
