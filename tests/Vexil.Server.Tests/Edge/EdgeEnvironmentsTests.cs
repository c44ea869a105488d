using Microsoft.Extensions.Options;
using Vexil.Edge;

namespace Vexil.Server.Tests.Edge;

/// <summary>Which keys an edge serves: configured ones and a keys file's, server keys only.</summary>
public sealed class EdgeEnvironmentsTests
{
    [Fact]
    public void ReadKeys_TakesConfiguredKeysAndTheKeysFile_IgnoringCommentsAndDuplicates()
    {
        var file = Path.GetTempFileName();
        File.WriteAllLines(file, ["# production", "vx_srv_b", "", "  vx_srv_a  ", "vx_srv_c"]);
        try
        {
            var keys = EdgeEnvironments.ReadKeys(new EdgeOptions { Upstream = "http://127.0.0.1:1", Keys = ["vx_srv_a"], KeysFile = file });

            Assert.Equal(["vx_srv_a", "vx_srv_b", "vx_srv_c"], keys);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("vx_cli_client-keys-cannot-read-rulesets")]
    public void ReadKeys_WithoutServerKeys_FailsAtStart(string key)
    {
        string[] keys = key.Length == 0 ? [] : [key];

        Assert.Throws<OptionsValidationException>(() => EdgeEnvironments.ReadKeys(new EdgeOptions { Upstream = "http://127.0.0.1:1", Keys = keys }));
    }
}
