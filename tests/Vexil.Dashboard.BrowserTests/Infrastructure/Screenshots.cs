using System.Reflection;
using Microsoft.Playwright;

namespace Vexil.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// Saves PNGs of the main pages: into the test output folder on every run, and into docs/screenshots (the README's
/// pictures) when VEXIL_UPDATE_SCREENSHOTS=1, so that an ordinary test run leaves the working tree clean.
/// </summary>
public static class Screenshots
{
    private static readonly string Docs = typeof(Screenshots).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "ScreenshotsDirectory").Value!;

    public static string Directory { get; } = Environment.GetEnvironmentVariable("VEXIL_UPDATE_SCREENSHOTS") == "1"
        ? Docs
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task SaveAsync(IPage page, string name, bool fullPage = false)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, name + ".png"), FullPage = fullPage, Type = ScreenshotType.Png });
    }
}
