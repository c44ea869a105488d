namespace Vexil.Core.Model;

/// <summary>Another flag must evaluate to the given variation for this flag to go on evaluating.</summary>
/// <param name="Flag">The prerequisite flag's key.</param>
/// <param name="Variation">The variation it must evaluate to.</param>
public sealed record PrerequisiteDefinition(string Flag, string Variation);
