using Microsoft.Extensions.Options;
using Vexil.Edge.Serve;

namespace Vexil.Server.Tests.Serve;

public sealed class ServeKeysTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8016")]
    [InlineData("http://localhost:8016")]
    [InlineData("http://[::1]:8016")]
    [InlineData("http://127.0.0.1:8016;http://[::1]:8016")]
    public void EnsureLoopbackWithoutKeys_Loopback_Allowed(string listen) => ServeKeys.EnsureLoopbackWithoutKeys(listen, keysConfigured: false);

    [Theory]
    [InlineData("http://0.0.0.0:8016")]
    [InlineData("http://*:8016")]
    [InlineData("http://+:8016")]
    [InlineData("http://10.1.2.3:8016")]
    [InlineData("http://flags.example.com:8016")]
    [InlineData("http://127.0.0.1:8016;http://0.0.0.0:8017")]
    public void EnsureLoopbackWithoutKeys_OtherAddress_Throws(string listen)
    {
        var e = Assert.Throws<OptionsValidationException>(() => ServeKeys.EnsureLoopbackWithoutKeys(listen, keysConfigured: false));

        Assert.Contains("not a loopback address", e.Message, StringComparison.Ordinal);
        ServeKeys.EnsureLoopbackWithoutKeys(listen, keysConfigured: true);
    }

    [Fact]
    public void TranslateArguments_RepeatedFlagsFiles_BecomeAnIndexedList()
    {
        var args = ServeApp.TranslateArguments(["--flags-file", "a.json", "--flags-file=b.json", "--keys-file", "keys.txt", "--Vexil:Listen=http://127.0.0.1:1"]);

        Assert.Equal(
            ["--Vexil:Serve:FlagsFiles:0=a.json", "--Vexil:Serve:FlagsFiles:1=b.json", "--Vexil:Serve:KeysFile", "keys.txt", "--Vexil:Listen=http://127.0.0.1:1"],
            args);
    }
}
