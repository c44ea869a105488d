using System.Security.Claims;

namespace Vexil.Hosting.Ofrep;

/// <summary>Who holds an OFREP stream token: the claims of its key while the key is active, else null.</summary>
internal interface IOfrepStreamCallers
{
    ValueTask<IReadOnlyList<Claim>?> ResolveAsync(string hashPrefix, string mac, CancellationToken cancellationToken);
}
