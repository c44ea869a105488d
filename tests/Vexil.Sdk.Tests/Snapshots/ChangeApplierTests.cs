using System.Text;
using Vexil.Core.Serialization;
using Vexil.Sdk.Snapshots;
using Vexil.Sdk.Tests.Infrastructure;

namespace Vexil.Sdk.Tests.Snapshots;

public sealed class ChangeApplierTests
{
    private static readonly byte[] Current =
        Encoding.UTF8.GetBytes(TestFlags.Ruleset(4, TestFlags.Boolean("a", true), TestFlags.Boolean("b", true), TestFlags.Boolean("c", true)));

    [Fact]
    public void Upserts_replace_in_place_or_append_and_deletes_remove()
    {
        var change = $$$"""{"version":5,"flags":{"upsert":[{{{TestFlags.Boolean("b", false)}}},{{{TestFlags.Boolean("d", true)}}}],"delete":["a"]},"segments":{"upsert":[],"delete":[]}}""";

        var update = ChangeApplier.Apply(Current, Encoding.UTF8.GetBytes(change), 5);

        Assert.True(update.IsValid, update.Error);
        Assert.Equal(5, update.Ruleset!.Version);
        var definition = RulesetJson.Read(update.Json).Ruleset!;
        Assert.Equal(["b", "c", "d"], definition.Flags.Select(f => f.Key));
        Assert.Equal("off", definition.Flags[0].Fallthrough.Variation);
    }

    [Theory]
    [InlineData("""{"version":5,"flags":{"upsert":[{"key":"a","type":"boolean"}]}}""")]
    [InlineData("""{"version":6,"flags":{"upsert":[]}}""")]
    [InlineData("""{"version":5,"flags":[]}""")]
    [InlineData("""not json""")]
    public void Invalid_changes_are_rejected(string change)
    {
        var update = ChangeApplier.Apply(Current, Encoding.UTF8.GetBytes(change), 5);
        Assert.False(update.IsValid);
        Assert.NotNull(update.Error);
    }
}
