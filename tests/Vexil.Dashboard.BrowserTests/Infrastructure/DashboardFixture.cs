using Microsoft.Playwright;
using Vexil.Testing;

[assembly: AssemblyFixture(typeof(Vexil.Dashboard.BrowserTests.Infrastructure.DashboardFixture))]

namespace Vexil.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// One real <c>vexil</c> process (SQLite in a temporary folder, a free loopback port) and one headless Chromium
/// (Debian's <c>chromium</c> package, driven by Playwright; no browser download) for every test of the assembly.
/// Each test works in its own project and its own browser context.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Debian's browser; Playwright's bundled Node driver talks to it, nothing is downloaded.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public VexilServerProcess Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri Address => Server.Address;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The dashboard's browser tests need headless Chromium at {ChromiumPath} (Debian's 'chromium' package). Install it with scripts/install-deps.sh.");
        }

        var data = Path.Combine(Path.GetTempPath(), "vexil-dashboard-tests", Guid.NewGuid().ToString("N"));
        Server = await VexilServerProcess.StartAsync(data, TestContext.Current.CancellationToken);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    /// <summary>A fresh browser context (own cookies) at 1280x800, signed in as <paramref name="username"/> when given.</summary>
    public async Task<IPage> NewPageAsync(string? username = "admin", string password = VexilServerProcess.AdminPassword, int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        if (username is not null)
        {
            await SignInAsync(page, username, password);
        }

        return page;
    }

    public static async Task SignInAsync(IPage page, string username, string password)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
