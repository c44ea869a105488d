using System.CommandLine;
using Vexil.Edge.Cli;
using Vexil.Hosting;

// vexil-edge: the edge and `serve` roles alone (the same commands as `vexil edge` and `vexil serve`), Native AOT.
if (args is ["--version"] or ["version"])
{
    await Console.Out.WriteLineAsync($"vexil-edge {VexilVersion.Informational}");
    return 0;
}

var root = new RootCommand("vexil-edge: a Vexil edge (vexil-edge edge --upstream URL) or flagd files served over OFREP (vexil-edge serve --flags-file FILE).");
EdgeCommands.Add(root, args);
return await root.Parse(args).InvokeAsync();
