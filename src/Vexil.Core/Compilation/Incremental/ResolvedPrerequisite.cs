namespace Vexil.Core.Compilation.Incremental;

/// <summary>A prerequisite of an upserted flag that names an existing flag and variation.</summary>
/// <param name="Flag">The key of the flag it names.</param>
/// <param name="Variation">The index of the variation in that flag (the any-of form: the first listed, or -1).</param>
/// <param name="AnyOf">The any-of form's variation indexes, or null for the single form.</param>
/// <param name="Position">Its index in the upserted flag's <c>prerequisites</c>.</param>
internal readonly record struct ResolvedPrerequisite(string Flag, int Variation, int[]? AnyOf, int Position);
