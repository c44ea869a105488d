using System.Reflection;
using Microsoft.Playwright;

namespace Vexil.Dashboard.BrowserTests.Infrastructure;

/// <summary>Saves PNGs of the main pages into docs/screenshots for the README.</summary>
public static class Screenshots
{
    public static string Directory { get; } = typeof(Screenshots).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "ScreenshotsDirectory").Value!;

    public static async Task SaveAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, name + ".png"), FullPage = false, Type = ScreenshotType.Png });
    }
}
