using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Vexil.Hosting.Configuration;

/// <summary>
/// Trust for an upstream's HTTPS certificate from a CA file (PEM, one or more certificates) instead of the system store.
/// Fails closed: a certificate that does not chain to one of these CAs, or does not match the host, is refused.
/// </summary>
internal static class CaTrust
{
    /// <summary>Reads the CA certificates of <paramref name="caFile"/>.</summary>
    public static X509Certificate2Collection Load(string caFile)
    {
        var cas = new X509Certificate2Collection();
        try
        {
            cas.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ConfigurationException($"Cannot read the CA file '{caFile}': {e.Message}", e);
        }

        if (cas.Count == 0)
        {
            throw new ConfigurationException($"The CA file '{caFile}' holds no PEM certificate.");
        }

        return cas;
    }

    /// <summary>
    /// A validation callback that accepts only certificates chaining to <paramref name="cas"/> with a matching name;
    /// every refusal is reported to <paramref name="onRejected"/> with its reason.
    /// </summary>
    public static RemoteCertificateValidationCallback Callback(X509Certificate2Collection cas, Action<string> onRejected) =>
        (_, certificate, _, errors) =>
        {
            if (certificate is null)
            {
                onRejected("the upstream sent no certificate");
                return false;
            }

            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                onRejected($"the certificate '{certificate.Subject}' does not name the upstream host");
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.AddRange(cas);
            using var leaf = new X509Certificate2(certificate);
            if (chain.Build(leaf))
            {
                return true;
            }

            var reasons = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()));
            onRejected($"the certificate '{leaf.Subject}' (issuer '{leaf.Issuer}') does not chain to the configured CA: {reasons}");
            return false;
        };
}
