using Vexil.Server.Backup;
using Vexil.Server.Hosting;

if (args is [BackupCommand.Name, ..])
{
    return await BackupCommand.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None);
}

var app = VexilApp.Create(args);
await app.RunAsync();
return 0;
