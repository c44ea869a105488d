using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.DependencyInjection;

namespace Vexil.Sdk.Tests.DependencyInjection;

/// <summary><c>AddVexil(IConfiguration)</c>: options bound from a configuration section by generated code, validated at start.</summary>
public sealed class AddVexilConfigurationTests
{
    [Fact]
    public void Settings_AreBound_AndWhatIsAbsentKeepsItsDefault()
    {
        using var services = Build(new()
        {
            ["Vexil:SdkKey"] = "vx_srv_configured",
            ["Vexil:BaseAddress"] = "https://flags.example.com/",
            ["Vexil:Mode"] = "Polling",
            ["Vexil:PollInterval"] = "00:00:05",
            ["Vexil:CacheFilePath"] = "/var/cache/app/vexil.json",
            ["Vexil:SendEvents"] = "false",
            ["Vexil:MaxBufferedSummaries"] = "500",
        });

        var options = services.GetRequiredService<IOptions<VexilOptions>>().Value;

        Assert.Equal("vx_srv_configured", options.SdkKey);
        Assert.Equal(new Uri("https://flags.example.com/"), options.BaseAddress);
        Assert.Equal(DataSourceMode.Polling, options.Mode);
        Assert.Equal(TimeSpan.FromSeconds(5), options.PollInterval);
        Assert.Equal("/var/cache/app/vexil.json", options.CacheFilePath);
        Assert.False(options.SendEvents);
        Assert.Equal(500, options.MaxBufferedSummaries);
        Assert.Equal(new VexilOptions().HeartbeatTimeout, options.HeartbeatTimeout);
        Assert.Equal(new VexilOptions().MaxSummariesPerBatch, options.MaxSummariesPerBatch);
    }

    [Fact]
    public void AMisspeltSetting_IsAnError_NamingIt()
    {
        using var services = Build(new()
        {
            ["Vexil:SdkKye"] = "vx_srv_typo",
            ["Vexil:BaseAddress"] = "https://flags.example.com/",
        });

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IOptions<VexilOptions>>().Value);

        Assert.Contains("SdkKye", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidConfiguration_FailsValidation()
    {
        using var services = Build(new() { ["Vexil:BaseAddress"] = "https://flags.example.com/" }); // no key

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VexilOptions>>().Value);
    }

    [Fact]
    public void AValueOfTheWrongType_IsAnError()
    {
        using var services = Build(new() { ["Vexil:SdkKey"] = "vx_srv_k", ["Vexil:PollInterval"] = "often" });

        Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IOptions<VexilOptions>>().Value);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddVexil(configuration.GetSection("Vexil")).BuildServiceProvider();
    }
}
