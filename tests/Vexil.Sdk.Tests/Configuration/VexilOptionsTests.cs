using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.DependencyInjection;

namespace Vexil.Sdk.Tests.Configuration;

public sealed class VexilOptionsTests
{
    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = new VexilOptions { PollInterval = TimeSpan.Zero, StreamFailuresBeforePolling = 0 }.Validate();
        Assert.Equal(4, errors.Count);
        Assert.Throws<ArgumentException>(() => new VexilClient(new VexilOptions()));
    }

    [Fact(Timeout = 20_000)]
    public async Task AddVexil_validates_the_options_when_the_host_starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddVexil(o => o.SdkKey = "vx_srv_x");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("BaseAddress", error.Message, StringComparison.Ordinal);
    }
}
