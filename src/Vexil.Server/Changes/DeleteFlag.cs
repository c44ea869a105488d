using Vexil.Server.Storage;

namespace Vexil.Server.Changes;

/// <summary>Deletes a flag from every environment (refused while another flag names it as a prerequisite).</summary>
internal sealed record DeleteFlag(string Flag, Precondition Base) : Change;
