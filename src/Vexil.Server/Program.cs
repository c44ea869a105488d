using Vexil.Server.Backup;
using Vexil.Server.Cli;
using Vexil.Server.Hosting;
using Vexil.Server.Hosting.Configuration;

if (args is [BackupCommand.Name, ..])
{
    return await BackupCommand.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None);
}

if (VexilCli.Handles(args))
{
    return await VexilCli.RunAsync(args);
}

WebApplication app;
try
{
    app = VexilApp.Create(args);
}
catch (ConfigurationException e)
{
    await Console.Error.WriteLineAsync($"vexil: {e.Message}");
    return 2;
}

await app.RunAsync();
return 0;
