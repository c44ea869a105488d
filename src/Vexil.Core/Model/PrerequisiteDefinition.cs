namespace Vexil.Core.Model;

/// <summary>Another flag must evaluate to the given variation for this flag to go on evaluating.</summary>
/// <param name="Flag">The prerequisite flag's key.</param>
/// <param name="Variation">The variation it must evaluate to, the flag on (the first of <paramref name="AnyOf"/> when that is set).</param>
/// <param name="AnyOf">
/// Or: the variations any one of which it must evaluate to, on or off (Unleash's dependencies); null for the single form.
/// </param>
public sealed record PrerequisiteDefinition(string Flag, string Variation, IReadOnlyList<string>? AnyOf = null);
