using System.Net;
using System.Reflection;
using System.Xml.Linq;
using Vexil.Sdk.Configuration;
using Vexil.Sdk.Delivery;
using Vexil.Sdk.Diagnostics;

namespace Vexil.Sdk.Tests.Diagnostics;

/// <summary>
/// The SDK says which version it is from the one place a release sets it (<c>VersionPrefix</c> in
/// Directory.Build.props, through the assembly's informational version): on every request's User-Agent and in every
/// event batch. It said <c>vexil-dotnet/1.0.0</c>, hard-coded, whatever the release.
/// </summary>
public sealed class SdkVersionTests
{
    [Fact(Timeout = 30_000)]
    public async Task Requests_CarryTheAssemblyVersion_AsUserAgent()
    {
        using var upstream = new CapturingHandler();
        using var http = new DeliveryHttp(new VexilOptions { SdkKey = "vx_srv_x", BaseAddress = new Uri("http://127.0.0.1:9/"), HttpMessageHandler = upstream });

        using var response = await http.PostEventsAsync("{}"u8.ToArray(), TestContext.Current.CancellationToken);

        var userAgent = Assert.Single(upstream.UserAgents);
        Assert.Equal($"vexil-dotnet/{VersionPrefix()}", userAgent);
        Assert.Equal($"vexil-dotnet/{AssemblyVersionWithoutCommit()}", userAgent);
        Assert.NotEqual("vexil-dotnet/1.0.0", userAgent);
    }

    [Fact]
    public void Version_IsTheRepositorysVersionPrefix_WithoutTheCommit()
    {
        Assert.Equal(VersionPrefix(), SdkVersion.Value);
        Assert.DoesNotContain("+", SdkVersion.Value, StringComparison.Ordinal);
    }

    private static string AssemblyVersionWithoutCommit() =>
        typeof(VexilClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    /// <summary><c>VersionPrefix</c> (and <c>-VersionSuffix</c> of a pre-release) as Directory.Build.props at the repository's root says it.</summary>
    private static string VersionPrefix()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var props = XDocument.Load(Path.Combine(directory.FullName, "Directory.Build.props"));
        var suffix = props.Descendants("VersionSuffix").SingleOrDefault()?.Value.Trim();
        return Assert.Single(props.Descendants("VersionPrefix")).Value.Trim() + (string.IsNullOrEmpty(suffix) ? string.Empty : "-" + suffix);
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<string> UserAgents { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            UserAgents.Add(request.Headers.UserAgent.ToString());
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Accepted));
        }
    }
}
