using Vexil.Core.Model;
using Vexil.Server.Dashboard.Flags;
using Vexil.Server.Flags;

namespace Vexil.Server.Tests.Dashboard;

public sealed class FlagConfigViewTests
{
    [Fact]
    public void TargetsForm_ShowsTheVariationsUnkindedKeys_EvenAfterATargetOfAContextKind()
    {
        // As a LaunchDarkly import writes them: the context targets of a variation may come before its user keys.
        var view = FlagConfigView.From(new FlagTargeting(true, "off", null, [], [new TargetDefinition("on", ["acme"], "org"), new TargetDefinition("on", ["u1", "u2"]), new TargetDefinition("off", ["d-1"], "device")], [], ServeDefinition.Of("off")));

        Assert.Equal(["u1", "u2"], view.TargetingKeysOf("on"));
        Assert.Empty(view.TargetingKeysOf("off"));
        Assert.Equal([("org", "acme")], view.KindedTargetsOf("on").Select(t => (t.ContextKind, string.Join(',', t.Values))));
        Assert.Equal([("device", "d-1")], view.KindedTargetsOf("off").Select(t => (t.ContextKind, string.Join(',', t.Values))));
    }
}
