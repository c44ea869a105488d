using System.Text.Json;
using Vexil.Cli.CommandLine;

namespace Vexil.Cli.Login;

/// <summary>The CLI's configuration file: the server's URL and the API token, readable by its owner only (0600).</summary>
internal sealed record CliConfig(string Url, string Token)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static CliConfig? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw CliException.Failure($"the configuration file {path} is not valid JSON ({e.Message}); run vexil login again");
        }
    }

    /// <summary>Writes the file atomically, created with mode 0600 before any secret is in it.</summary>
    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            JsonSerializer.Serialize(stream, this, Json);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
