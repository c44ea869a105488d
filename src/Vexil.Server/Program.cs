using Vexil.Server.Admin;
using Vexil.Server.Backup;
using Vexil.Server.Cli;
using Vexil.Server.Hosting;
using Vexil.Server.Hosting.Configuration;
using Vexil.Server.Storage.Migrations;

if (args is ["--version"] or ["version"])
{
    await Console.Out.WriteLineAsync($"vexil {VexilVersion.Informational}");
    return 0;
}

if (args is [BackupCommand.Name, ..])
{
    return await BackupCommand.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None);
}

if (args is ["admin", "reset-password", ..])
{
    return await ResetPasswordCommand.RunAsync(args[2..], Console.Out, Console.Error, CancellationToken.None);
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

var listen = app.Configuration["Vexil:Listen"]; // read now: the services are gone once a failed start returns
try
{
    await app.RunAsync();
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    await Console.Error.WriteLineAsync($"vexil: {ListenFailure.Describe(listen, e, controlPlane: args is not ["edge" or "serve", ..])}");
    return 3;
}
catch (MigrationChecksumException e)
{
    await Console.Error.WriteLineAsync($"vexil: {e.Message}");
    return 4;
}

return 0;
