using System.Diagnostics;
using Vexil.Core.Model;
using Vexil.Server.Changes;
using Vexil.Server.Flags.Import;
using Vexil.Server.Storage;

namespace Vexil.Benchmarks.ControlPlane;

/// <summary>
/// Seeds a project whose every environment holds the same <c>n</c> flags, through the same path an import takes:
/// one change set (created, configured, versioned, validated, audited, change-logged) per batch of flags and environment.
/// </summary>
internal static class ControlPlaneSeeder
{
    private const int BatchSize = 1_000;

    /// <summary>Creates project <paramref name="projectKey"/> with <paramref name="flagCount"/> flags in each environment.</summary>
    public static async Task SeedAsync(BenchmarkStore host, string projectKey, int flagCount)
    {
        var started = Stopwatch.GetTimestamp();
        Check(await host.Recorder.RecordAsync(ChangeSet.Of(projectKey, new CreateProject(projectKey), WriteContext.System), CancellationToken.None), "creating the project");
        var environments = await host.Environments.ListAsync(projectKey, CancellationToken.None);
        foreach (var environment in environments)
        {
            for (var start = 0; start < flagCount; start += BatchSize)
            {
                var flags = new List<FlagDefinition>();
                for (var i = start; i < Math.Min(flagCount, start + BatchSize); i++)
                {
                    flags.Add(SeedFlags.Flag(i));
                }

                Check(await host.Recorder.RecordAsync(ImportChanges.For(projectKey, environment.Key, flags, [], WriteContext.System), CancellationToken.None), "seeding flags");
            }
        }

        Console.WriteLine($"// seeded {flagCount:N0} flags x {environments.Count} environments into {host.Kind} in {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s");
    }

    private static void Check(WriteResult<ChangeOutcome> result, string what)
    {
        if (result.Status != WriteStatus.Ok)
        {
            throw new InvalidOperationException($"{what} failed: {result.Status} {result.Detail} {string.Join("; ", result.Errors.Take(5))}");
        }
    }
}
