using Vexil.Server.Hosting;

var app = VexilApp.Create(args);
await app.RunAsync();
