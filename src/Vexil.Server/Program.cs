using Vexil.Server.Cli;
using Vexil.Server.Hosting;

if (VexilCli.Handles(args))
{
    return await VexilCli.RunAsync(args);
}

var app = VexilApp.Create(args);
await app.RunAsync();
return 0;
