namespace Vexil.Hosting.Auth;

/// <summary>The two kinds of SDK key.</summary>
internal static class SdkKeyKind
{
    /// <summary>Full ruleset, streaming, events.</summary>
    public const string Server = "server";

    /// <summary>Evaluation results only.</summary>
    public const string Client = "client";

    public static bool IsValid(string kind) => kind is Server or Client;
}
