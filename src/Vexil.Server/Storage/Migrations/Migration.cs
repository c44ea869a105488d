using System.Globalization;

namespace Vexil.Server.Storage.Migrations;

/// <summary>One versioned schema migration: <c>NNNN_name.sql</c>, embedded in the assembly.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>What <c>schema_migrations.checksum</c> records for this migration (<see cref="MigrationChecksum"/>).</summary>
    public string Checksum => MigrationChecksum.Of(Sql);

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
        for (var i = 1; i < list.Count; i++)
        {
            // Applied migrations are recorded by version: a second file with the same number would never run.
            if (list[i].Version == list[i - 1].Version)
            {
                throw new InvalidOperationException($"Migrations {list[i - 1].Name} and {list[i].Name} of {folder} share version {list[i].Version}; each migration needs a number of its own.");
            }
        }

        return list;
    }
}
