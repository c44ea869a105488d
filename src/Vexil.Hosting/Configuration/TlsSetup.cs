using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vexil.Hosting.Configuration;

/// <summary>Configures Kestrel's HTTPS from <see cref="TlsOptions"/>, refusing half a configuration.</summary>
internal static class TlsSetup
{
    public static void Configure(WebApplicationBuilder builder, ListenAddress listen)
    {
        var options = builder.Configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new TlsOptions();
        var https = listen.Https;
        var configured = !string.IsNullOrWhiteSpace(options.CertificateFile);
        if (!https && !configured)
        {
            return;
        }

        if (configured && string.IsNullOrWhiteSpace(options.KeyFile))
        {
            throw new ConfigurationException("Vexil:Tls:CertificateFile is set without Vexil:Tls:KeyFile.");
        }

        if (https != configured)
        {
            throw new ConfigurationException(https
                ? $"{listen.Source} is '{listen.Value}': HTTPS needs Vexil:Tls:CertificateFile and Vexil:Tls:KeyFile (PEM files)."
                : $"Vexil:Tls:CertificateFile is set but {listen.Source} is '{listen.Value}': use an https:// address.");
        }

        var (certificate, chain) = Load(options);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h =>
        {
            h.ServerCertificate = certificate;
            h.ServerCertificateChain = chain;
        }));
    }

    /// <summary>Loads the certificate with its key, and any further certificates of the file as its chain.</summary>
    internal static (X509Certificate2 Certificate, X509Certificate2Collection Chain) Load(TlsOptions options)
    {
        try
        {
            using var pem = string.IsNullOrEmpty(options.KeyPassword)
                ? X509Certificate2.CreateFromPemFile(options.CertificateFile!, options.KeyFile)
                : X509Certificate2.CreateFromEncryptedPemFile(options.CertificateFile!, options.KeyPassword, options.KeyFile);

            // A PEM-loaded key is ephemeral; a PKCS#12 round trip gives SslStream a key it can use everywhere.
            var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            var all = new X509Certificate2Collection();
            all.ImportFromPemFile(options.CertificateFile!);
            var chain = new X509Certificate2Collection();
            foreach (var other in all)
            {
                if (other.Thumbprint != certificate.Thumbprint)
                {
                    chain.Add(other);
                }
            }

            return (certificate, chain);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ConfigurationException($"Cannot load the TLS certificate '{options.CertificateFile}' with key '{options.KeyFile}': {e.Message}", e);
        }
    }
}
