namespace Vexil.Server.Hosting;

/// <summary>Where the generated first administrator credential is shown, once.</summary>
internal interface ICredentialSink
{
    void Print(string username, string password);
}
