using Vexil.Server.Storage;

namespace Vexil.Server.Governance;

/// <summary>Who takes a review step: their name (as the audit log writes it), their role, and the write's context.</summary>
internal sealed record Reviewer(WriteContext Context, Role Role)
{
    public string Actor => Context.Actor;
}
