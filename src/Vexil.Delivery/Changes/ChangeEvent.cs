using System.Buffers;
using Vexil.Core.Compilation;
using Vexil.Core.Evaluation;
using Vexil.Core.Model;

namespace Vexil.Delivery.Changes;

/// <summary>
/// One <c>change</c> event of the delivery protocol (docs/protocol.md): the version it produces, when the control plane
/// committed it, and what it changes, as Core's <see cref="RulesetChange"/>. The one reader, writer and applier of the
/// event: the control plane writes it, SDKs and edges read it and apply it to the <see cref="CompiledRuleset"/> they
/// hold, incrementally.
/// </summary>
/// <param name="Change">The flags and segments upserted and deleted, and the version the change produces.</param>
/// <param name="CommittedAt">When the control plane committed the change (its clock); null when the event carried none.</param>
public sealed record ChangeEvent(RulesetChange Change, DateTimeOffset? CommittedAt)
{
    /// <summary>The environment version the change produces (the event's id).</summary>
    public long Version => Change.Version;

    /// <summary>
    /// Reads an event's data (UTF-8 JSON), strictly: unknown or duplicate fields, text that is not Unicode, numbers no
    /// double holds and invalid flags or segments are errors, each with its path (<c>flags.upsert[2].rules[0]…</c>).
    /// </summary>
    public static ChangeEventReadResult Read(ReadOnlySpan<byte> utf8Json) => ChangeEventReader.Read(utf8Json);

    /// <summary>
    /// Applies the change to <paramref name="current"/> (the ruleset at <see cref="Version"/> − 1) with
    /// <see cref="RulesetCompiler.Apply"/>: only what the change touches is compiled; <paramref name="current"/> is
    /// never modified. The caller checks that the versions follow.
    /// </summary>
    public RulesetCompileResult ApplyTo(CompiledRuleset current) => RulesetCompiler.Apply(current, Change);

    /// <summary>Writes the event's data in the protocol's form, byte for byte what every receiver of version 1 reads.</summary>
    public void WriteTo(IBufferWriter<byte> destination) => ChangeEventWriter.Write(destination, this);

    /// <summary>The event's data as UTF-8 JSON (see <see cref="WriteTo"/>).</summary>
    public byte[] ToUtf8Json()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
