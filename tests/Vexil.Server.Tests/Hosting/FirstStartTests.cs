using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Vexil.Server.Hosting;
using Vexil.Server.Tests.Infrastructure;

namespace Vexil.Server.Tests.Hosting;

/// <summary>On first start with no account, Vexil creates an administrator and shows its credential once.</summary>
public sealed class FirstStartTests
{
    private sealed class CapturingSink : ICredentialSink
    {
        public List<(string User, string Password)> Printed { get; } = [];

        public void Print(string username, string password) => Printed.Add((username, password));
    }

    [Fact(Timeout = 60_000)]
    public async Task FirstStart_PrintsAGeneratedAdministratorOnce_AndItWorks()
    {
        var dir = Path.Combine(Path.GetTempPath(), "vexil-first-" + Guid.NewGuid().ToString("N")[..8]);
        var sink = new CapturingSink();
        void Configure(WebApplicationBuilder b)
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Vexil:AdminPassword"] = null });
            b.Services.AddSingleton<ICredentialSink>(sink);
        }

        try
        {
            await using (var first = await VexilTestServer.StartAsync(configure: Configure, dataDirectory: dir))
            {
                var (user, password) = Assert.Single(sink.Printed);
                Assert.Equal("admin", user);
                Assert.True(password.Length >= 20);
                using var client = first.Client(await VexilTestServer.LoginAsync(first.Address, user, password));
                Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/api/v1/tokens")).StatusCode);
            }

            await using var second = await VexilTestServer.StartAsync(configure: Configure, dataDirectory: dir);
            Assert.Single(sink.Printed);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
