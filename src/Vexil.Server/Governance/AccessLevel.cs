namespace Vexil.Server.Governance;

/// <summary>What a role may do to an environment's flags and segments.</summary>
internal enum AccessLevel
{
    /// <summary>Reads only: a write is refused (403) and nothing changes.</summary>
    Read = 0,

    /// <summary>Proposes: every write becomes a change request, approved by someone who may write there.</summary>
    Propose = 1,

    /// <summary>Writes (still held for review when the environment has a change policy).</summary>
    Write = 2,
}
