namespace Vexil.Benchmarks.ControlPlane;

/// <summary>Which control-plane store a benchmark runs on.</summary>
public enum StoreKind
{
    /// <summary>The embedded store: one SQLite file in a temp folder, WAL, <c>synchronous = FULL</c>.</summary>
    Sqlite,

    /// <summary>A real PostgreSQL server on loopback, durability settings at their defaults.</summary>
    Postgres,
}
