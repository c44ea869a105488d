using System.Reflection;
using System.Runtime.CompilerServices;
using Vexil.Edge;

namespace Vexil.Server.Tests.Hosting;

/// <summary>
/// Vexil.Hosting and Vexil.Edge bind their settings with the configuration binding source generator (Native AOT), which
/// skips init-only properties without a warning (dotnet/runtime#107856): a setting declared <c>init</c> there would be
/// read as its default whatever the configuration says. Every settings record with a <c>Section</c> keeps settable
/// properties.
/// </summary>
public sealed class OptionsBindingTests
{
    [Fact]
    public void SettingsBoundByTheGenerator_HaveNoInitOnlyProperty()
    {
        var types = typeof(EdgeOptions).Assembly.GetTypes().Concat(typeof(Vexil.Hosting.Pipeline.PipelineOptions).Assembly.GetTypes())
            .Where(t => t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .ToList();
        var initOnly = types
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.SetMethod?.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) == true)
            .Select(x => $"{x.Type.Name}.{x.Property.Name}")
            .ToList();

        Assert.Contains(types, t => t == typeof(EdgeOptions)); // the scan sees the settings
        Assert.Contains(types, t => t.Name == "DeliveryOptions");
        Assert.Empty(initOnly);
    }
}
