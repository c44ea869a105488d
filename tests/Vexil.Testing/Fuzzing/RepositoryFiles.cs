namespace Vexil.Testing.Fuzzing;

/// <summary>Files of the repository the tests run from (seed corpora, golden documents).</summary>
public static class RepositoryFiles
{
    /// <summary>The folder holding Vexil.slnx, above the test binaries.</summary>
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Vexil.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Vexil.slnx not found above the test binaries");
    }

    /// <summary>A path under the repository's root.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root(), .. parts]);
}
