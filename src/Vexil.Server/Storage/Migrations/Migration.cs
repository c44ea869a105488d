using System.Globalization;

namespace Vexil.Server.Storage.Migrations;

/// <summary>One versioned schema migration: <c>NNNN_name.sql</c>, embedded in the assembly.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>The migrations of one dialect folder (<c>Sqlite</c>, <c>Postgres</c>), in version order.</summary>
    public static IReadOnlyList<Migration> Load(string folder)
    {
        var assembly = typeof(Migration).Assembly;
        var prefix = $"Vexil.Migrations.{folder}/";
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(version, name, reader.ReadToEnd()));
        }

        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        return list;
    }
}
