using Vexil.Core.Evaluation;

namespace Vexil.Delivery.Persistence;

/// <summary>What <see cref="LastKnownGoodFile.Load"/> found on disk.</summary>
/// <param name="Ruleset">The ruleset: the document, with the journal's changes applied after it.</param>
/// <param name="SavedAt">When the newest part of it was written.</param>
/// <param name="Document">The document's bytes when they are exactly <paramref name="Ruleset"/> (no change was replayed); empty otherwise.</param>
/// <param name="ChangesReplayed">How many journal records were applied after the document.</param>
public sealed record SavedRuleset(CompiledRuleset Ruleset, DateTimeOffset SavedAt, ReadOnlyMemory<byte> Document, int ChangesReplayed);
