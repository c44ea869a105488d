using Vexil.Server.Hosting;
using Vexil.Server.Hosting.Configuration;

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
