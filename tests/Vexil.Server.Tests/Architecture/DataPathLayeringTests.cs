using System.Text.RegularExpressions;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Architecture;

/// <summary>
/// The control plane's data path (the stores, the change recorder and the snapshots) is a layer of its own: its
/// folders import no HTTP code (their endpoints live in an <c>Api/</c> or <c>Import/</c> subfolder) and import
/// each other without a cycle, as docs/architecture.md says. Read from the sources, so a new <c>using</c> that
/// breaks the layering fails here with the file that brought it.
/// </summary>
public sealed partial class DataPathLayeringTests
{
    private static readonly string[] DataPath = ["Storage", "Projects", "Environments", "Flags", "Segments", "Audit", "Snapshots", "Changes"];

    /// <summary>Folders the data path may use besides its own: the webhook outbox is written in the change's transaction.</summary>
    private static readonly string[] AlsoAllowed = ["Webhooks"];

    private static readonly string[] EndpointFolders = ["Api", "Import"];

    [Fact]
    public void DataPathFolders_ImportNoHttpCode()
    {
        var offending = new List<string>();
        foreach (var (folder, file, used) in Imports())
        {
            if (Array.IndexOf(DataPath, used) < 0 && Array.IndexOf(AlsoAllowed, used) < 0)
            {
                offending.Add($"{file} ({folder}) uses Vexil.Server.{used}");
            }
        }

        Assert.Empty(offending);
    }

    [Fact]
    public void DataPathFolders_FormNoCycle()
    {
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var folder in DataPath)
        {
            edges[folder] = [];
        }

        foreach (var (folder, _, used) in Imports())
        {
            if (Array.IndexOf(DataPath, used) >= 0 && used != folder)
            {
                edges[folder].Add(used);
            }
        }

        // Depth-first search with colours: reaching a grey folder again is a cycle, reported as its path.
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        string? cycle = null;

        void Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges[node])
            {
                if (cycle is not null)
                {
                    return;
                }

                if (state.GetValueOrDefault(next) == 1)
                {
                    cycle = string.Join(" -> ", path[path.IndexOf(next)..]) + " -> " + next;
                    return;
                }

                if (state.GetValueOrDefault(next) == 0)
                {
                    Visit(next);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
        }

        foreach (var folder in DataPath)
        {
            if (state.GetValueOrDefault(folder) == 0)
            {
                Visit(folder);
            }
        }

        Assert.Null(cycle);
        Assert.Contains("Storage", edges["Changes"]);
    }

    [Fact]
    public void TheScan_SeesTheDataPathsImports()
    {
        // Guards the two tests above against passing on an empty scan (a moved folder, a changed namespace style).
        var imports = Imports().ToList();
        Assert.Contains(imports, i => i.Folder == "Changes" && i.Used == "Snapshots");
        Assert.Contains(imports, i => i.Folder == "Snapshots" && i.Used == "Flags");
        Assert.DoesNotContain(imports, i => i.File.Contains($"{Path.DirectorySeparatorChar}Api{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    private static IEnumerable<(string Folder, string File, string Used)> Imports()
    {
        var source = Path.Combine(ExternalTool.RepositoryRoot(), "src", "Vexil.Server");
        foreach (var folder in DataPath)
        {
            var root = Path.Combine(source, folder);
            foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file);
                var first = relative.Split(Path.DirectorySeparatorChar)[0];
                if (Array.IndexOf(EndpointFolders, first) >= 0 || first is "bin" or "obj")
                {
                    continue;
                }

                foreach (Match match in Reference().Matches(File.ReadAllText(file)))
                {
                    // An endpoint subfolder (Flags.Api) is HTTP code even though its folder is on the data path.
                    var sub = match.Groups["sub"].Value;
                    var used = match.Groups["folder"].Value + (Array.IndexOf(EndpointFolders, sub) >= 0 ? "." + sub : string.Empty);
                    if (used != folder)
                    {
                        yield return (folder, Path.GetRelativePath(source, file), used);
                    }
                }
            }
        }
    }

    /// <summary>A <c>using</c> of, or a qualified name in, another folder's namespace (first segment after Vexil.Server); not a string such as a meter name.</summary>
    [GeneratedRegex(@"(?<!"")\bVexil\.Server\.(?<folder>[A-Z][A-Za-z0-9]*)(?:\.(?<sub>[A-Z][A-Za-z0-9]*))?\b")]
    private static partial Regex Reference();
}
