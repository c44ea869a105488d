namespace Vexil.Events.Storage;

/// <summary>
/// What Vexil writes is readable by its own user only: folders 0700, files 0600, whatever the process's umask; files
/// and folders an older version left open are closed when they are next used. Nothing on Windows (the parent's ACL applies).
/// </summary>
internal static class PrivateFiles
{
    /// <summary>rwx------.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw-------.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (and missing parents) as 0700, or closes it if it exists.</summary>
    public static string CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }

        Directory.CreateDirectory(path, FolderMode);
        Close(path, FolderMode);
        return path;
    }

    /// <summary>Options that create a file as 0600.</summary>
    public static FileStreamOptions CreateOptions(FileMode mode, FileAccess access = FileAccess.Write, FileOptions options = FileOptions.None)
    {
        var create = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = FileMode;
        }

        return create;
    }

    /// <summary>
    /// Before SQLite opens <paramref name="database"/>: creates it empty as 0600 when missing (SQLite gives its -wal and
    /// -shm files the database file's mode), and closes it and those files if they exist.
    /// </summary>
    public static void PrepareSqlite(string database)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(database));
        if (!string.IsNullOrEmpty(directory))
        {
            CreateDirectory(directory);
        }

        if (!File.Exists(database))
        {
            try
            {
                using var _ = new FileStream(database, CreateOptions(System.IO.FileMode.CreateNew));
            }
            catch (IOException) when (File.Exists(database))
            {
                // Created meanwhile by another opener.
            }
        }

        foreach (var file in new[] { database, database + "-wal", database + "-shm", database + "-journal" })
        {
            if (File.Exists(file))
            {
                Close(file, FileMode);
            }
        }
    }

    /// <summary>Takes away every permission of group and others from an existing file or folder.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static void Close(string path, UnixFileMode allowed)
    {
        try
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & ~allowed) != 0)
            {
                File.SetUnixFileMode(path, mode & allowed);
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // Not ours to change (another owner): leave it as it is.
        }
    }
}
