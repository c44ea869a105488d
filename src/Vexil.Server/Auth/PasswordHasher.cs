using Vexil.Server.Storage;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Vexil.Server.Hosting;

namespace Vexil.Server.Auth;

/// <summary>PBKDF2-SHA-256 with a per-account salt; verification compares in constant time.</summary>
internal sealed class PasswordHasher(IOptions<VexilOptions> options)
{
    private const int HashBytes = 32;
    private static readonly byte[] DummySalt = RandomNumberGenerator.GetBytes(16);

    public AccountState Hash(string username, string password, Role role)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var iterations = options.Value.PasswordIterations;
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return new AccountState(0, username, Convert.ToBase64String(hash), Convert.ToBase64String(salt), iterations, role, default);
    }

    /// <summary>True when <paramref name="password"/> is the account's; with no account, spends the same time and says no.</summary>
    public bool Verify(AccountState? account, string password)
    {
        if (account is null)
        {
            Rfc2898DeriveBytes.Pbkdf2(password, DummySalt, options.Value.PasswordIterations, HashAlgorithmName.SHA256, HashBytes);
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(account.Salt), account.Iterations, HashAlgorithmName.SHA256, HashBytes);
        return CryptographicOperations.FixedTimeEquals(actual, Convert.FromBase64String(account.PasswordHash));
    }
}
