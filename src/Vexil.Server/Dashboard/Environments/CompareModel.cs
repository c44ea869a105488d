using Vexil.Core.Model;
using Vexil.Server.Environments;
using Vexil.Server.Flags;

namespace Vexil.Server.Dashboard.Environments;

/// <summary>Two environments side by side: every flag's state in each, and what promoting the left one to the right would change.</summary>
internal sealed record CompareModel(EnvironmentState Left, EnvironmentState Right, string? Flag, bool OnlyDifferent, IReadOnlyList<CompareRow> Rows);

/// <summary>One flag in both environments; <see cref="Differences"/> says what promoting left to right would change (empty when they serve alike).</summary>
internal sealed record CompareRow(FlagSpec Spec, FlagDefinition? Left, FlagDefinition? Right, IReadOnlyList<string> Differences)
{
    public bool Differs => Differences.Count > 0;
}
