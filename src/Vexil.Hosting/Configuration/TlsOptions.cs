namespace Vexil.Hosting.Configuration;

/// <summary>HTTPS for every role (section <c>Vexil:Tls</c>): a PEM certificate (with its chain) and key from files.</summary>
// Settable, not init: the configuration binding generator (Native AOT) skips init-only properties without a word
// (dotnet/runtime#107856); OptionsBindingTests keeps it so.
internal sealed record TlsOptions
{
    public const string Section = "Vexil:Tls";

    /// <summary>The PEM certificate; further certificates in the file are sent as the chain.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted PKCS#8 with <see cref="KeyPassword"/>).</summary>
    public string? KeyFile { get; set; }

    /// <summary>The key's password, from the config file, the environment or <c>Vexil:Tls:KeyPasswordFile</c>.</summary>
    public string? KeyPassword { get; set; }
}
