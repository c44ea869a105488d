namespace Vexil.Server.Hosting;

/// <summary>Prints the first administrator credential to standard output, once.</summary>
internal sealed class ConsoleCredentialSink : ICredentialSink
{
    public void Print(string username, string password)
    {
        Console.Out.WriteLine("================================================================");
        Console.Out.WriteLine(" Vexil created the first administrator. This is shown only once");
        Console.Out.WriteLine(" (lost it? vexil admin reset-password, docs/operations.md):");
        Console.Out.WriteLine($"   username: {username}");
        Console.Out.WriteLine($"   password: {password}");
        Console.Out.WriteLine("================================================================");
        Console.Out.Flush();
    }
}
