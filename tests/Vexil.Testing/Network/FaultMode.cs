namespace Vexil.Testing.Network;

/// <summary>What a <see cref="FaultProxy"/> does to the link it sits on.</summary>
public enum FaultMode
{
    /// <summary>Forwards everything as is.</summary>
    Pass,

    /// <summary>Closes every connection and refuses new ones (a link down, a process gone).</summary>
    Cut,

    /// <summary>Accepts and keeps connections but forwards nothing (a silent partition: no FIN, no RST).</summary>
    Blackhole,

    /// <summary>Forwards with latency added to every chunk and a bandwidth cap.</summary>
    Slow,

    /// <summary>Resets every open connection (RST, linger 0) once, then passes again.</summary>
    Reset,
}
