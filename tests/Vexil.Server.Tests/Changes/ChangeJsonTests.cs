using System.Text.Json;
using Vexil.Server.Changes;
using Vexil.Server.Governance;
using Vexil.Server.Storage;
using static Vexil.Server.Tests.Storage.StoreSamples;

namespace Vexil.Server.Tests.Changes;

/// <summary>Changes as JSON (stored change requests and schedules, and the API's bodies): a round trip, and refusals with paths.</summary>
public sealed class ChangeJsonTests
{
    [Fact]
    public void StoredChanges_ReadBackAsTheSameChanges()
    {
        Change[] changes =
        [
            new ToggleFlag("production", "checkout", true, new Precondition("\"t3\"")),
            new ConfigureFlag("staging", "checkout", On("on"), Precondition.None),
            new CreateFlag(Boolean("beta", "web")),
            new RollbackFlag("production", "checkout", 7, Precondition.None),
            new DeleteSegment("production", "beta-users", Precondition.None),
            new CreateSegment("production", Segment("s", "u1", "u2")),
            new RenameEnvironment("staging", "Pre-production", new Precondition("\"e4\"")),
            new ArchiveEnvironment("qa", true, Precondition.None),
            new ReorderEnvironments(["production", "staging"]),
            new ArchiveProject(true, new Precondition("\"p3\"")),
        ];

        var read = ChangeJson.ReadStored(ChangeJson.WriteAll(changes));

        Assert.Equal(ChangeJson.WriteAll(changes), ChangeJson.WriteAll(read));
        Assert.Equal(new Precondition("\"t3\""), ((ToggleFlag)read[0]).Base);
        Assert.Equal(On("on").Fallthrough, ((ConfigureFlag)read[1]).Targeting.Fallthrough);
        Assert.Equal(["web"], ((CreateFlag)read[2]).Spec.Tags);
        Assert.Equal(7, ((RollbackFlag)read[3]).ToVersion);
        Assert.Equal(("staging", "Pre-production", new Precondition("\"e4\"")), (((RenameEnvironment)read[6]).Key, ((RenameEnvironment)read[6]).Name, ((RenameEnvironment)read[6]).Base));
        Assert.True(((ArchiveEnvironment)read[7]).Archived);
        Assert.Equal(["production", "staging"], ((ReorderEnvironments)read[8]).Keys);
        Assert.Equal((true, new Precondition("\"p3\"")), (((ArchiveProject)read[9]).Archived, ((ArchiveProject)read[9]).Base));
    }

    [Theory]
    [InlineData("""[{"type":"explode"}]""", "changes[0].type")]
    [InlineData("""[{"type":"reorderEnvironments","keys":[]}]""", "changes[0].keys")]
    [InlineData("""[{"type":"reorderEnvironments","keys":["a",1]}]""", "changes[0].keys")]
    [InlineData("""[{"type":"archiveEnvironment","key":"qa"}]""", "changes[0].archived")]
    [InlineData("""[{"type":"archiveProject","archived":"yes"}]""", "changes[0].archived")]
    [InlineData("""[{"flag":"f"}]""", "changes[0].type")]
    [InlineData("""[{"type":7}]""", "changes[0].type")]
    [InlineData("""[{"type":"toggleFlag","environment":"production","flag":"f","enabled":"yes"}]""", "changes[0].enabled")]
    [InlineData("""[{"type":"toggleFlag","environment":null,"flag":"f","enabled":true}]""", "changes[0].environment")]
    [InlineData("""[{"type":"toggleFlag","environment":"production","flag":"no spaces","enabled":true}]""", "changes[0].flag")]
    [InlineData("""[{"type":"rollbackFlag","environment":"production","flag":"f","toVersion":"seven"}]""", "changes[0].toVersion")]
    [InlineData("""[{"type":"createFlag","flag":"not an object"}]""", "changes[0].flag")]
    [InlineData("""[{"type":"configureFlag","environment":"production","flag":"f","targeting":[1,2]}]""", "changes[0].targeting")]
    [InlineData("""[{"type":"createSegment","environment":"production","segment":12}]""", "changes[0].segment")]
    [InlineData("""[7]""", "changes[0]")]
    [InlineData("""[]""", "changes")]
    [InlineData("""{"type":"toggleFlag"}""", "changes")]
    public void BadChanges_AreRefusedWithTheirPath_NeverThrow(string json, string path)
    {
        using var document = JsonDocument.Parse(json);

        var (changes, errors) = ChangeJson.ReadAll(document.RootElement);

        Assert.Null(changes);
        Assert.Contains(errors, e => e.Path.StartsWith(path, StringComparison.Ordinal));
    }
}
