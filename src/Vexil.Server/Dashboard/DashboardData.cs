using Vexil.Server.Audit;
using Vexil.Server.Auth;
using Vexil.Server.Changes;
using Vexil.Server.Environments;
using Vexil.Server.Flags;
using Vexil.Server.Projects;
using Vexil.Server.Segments;
using Vexil.Server.Snapshots;

namespace Vexil.Server.Dashboard;

/// <summary>What the dashboard reads (the feature stores and the snapshots) and the one path it writes through (the change recorder).</summary>
internal sealed record DashboardData(
    ProjectStore Projects,
    EnvironmentStore Environments,
    FlagStore Flags,
    SegmentStore Segments,
    AuditLog Audit,
    AuthStore Auth,
    EnvironmentSnapshots Snapshots,
    ChangeRecorder Recorder);
