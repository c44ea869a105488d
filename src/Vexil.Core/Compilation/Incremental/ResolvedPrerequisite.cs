namespace Vexil.Core.Compilation.Incremental;

/// <summary>A prerequisite of an upserted flag that names an existing flag and variation.</summary>
/// <param name="Flag">The key of the flag it names.</param>
/// <param name="Variation">The index of the variation in that flag.</param>
/// <param name="Position">Its index in the upserted flag's <c>prerequisites</c>.</param>
internal readonly record struct ResolvedPrerequisite(string Flag, int Variation, int Position);
