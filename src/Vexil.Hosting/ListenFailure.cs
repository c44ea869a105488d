namespace Vexil.Hosting;

/// <summary>The sentence <c>vexil</c> prints, instead of a stack trace, when its address is already in use.</summary>
internal static class ListenFailure
{
    public static string Describe(string? configured, IOException failure, bool controlPlane)
    {
        // Kestrel's message names the address it could not bind ("Failed to bind to address http://…: address already in use.").
        var named = System.Text.RegularExpressions.Regex.Match(failure.Message, @"address (\S+?):? address already in use", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        var listen = configured ?? (named.Success ? named.Groups[1].Value : "its default address");
        return $"cannot listen on {listen}: the address is already in use (another Vexil, or another program, holds it). " +
               $"Stop that process, or choose another address with --Vexil:Listen=http://127.0.0.1:PORT " +
               $"(or the environment variable Vexil__Listen, or \"Listen\" in the \"Vexil\" section of the --config file; " +
               "--urls, ASPNETCORE_URLS and ASPNETCORE_HTTP_PORTS are used when Vexil:Listen is not set)." +
               (controlPlane ? " No administrator was created yet: it is made, and shown, by the first start that listens." : string.Empty);
    }
}
