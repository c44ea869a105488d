using Microsoft.Extensions.Options;
using Vexil.Server.Auth;
using Vexil.Server.Hosting;
using Vexil.Server.Storage;

namespace Vexil.Server.Tests.Auth;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_UsesPbkdf2WithPerUserSalt_AndVerifyAcceptsOnlyThePassword()
    {
        var hasher = new PasswordHasher(Options.Create(new VexilOptions()));

        var a = hasher.Hash("a", "same-password-123", Role.Viewer);
        var b = hasher.Hash("b", "same-password-123", Role.Viewer);

        Assert.True(a.Iterations >= 100_000);
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.PasswordHash, b.PasswordHash);
        Assert.True(hasher.Verify(a, "same-password-123"));
        Assert.False(hasher.Verify(a, "same-password-124"));
        Assert.False(hasher.Verify(null, "same-password-123"));
    }
}
