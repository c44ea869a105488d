namespace Vexil.Cli.CommandLine;

/// <summary>Writes rows as left-aligned columns separated by two spaces, the header first.</summary>
internal static class TableWriter
{
    public static void Write(TextWriter writer, string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = new int[header.Length];
        foreach (var row in rows.Prepend(header))
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in rows.Prepend(header))
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            writer.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
