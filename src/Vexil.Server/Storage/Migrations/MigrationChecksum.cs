using System.Security.Cryptography;
using System.Text;

namespace Vexil.Server.Storage.Migrations;

/// <summary>
/// The checksum recorded for an applied migration: SHA-256 (lowercase hex) of its text normalised so that only a change
/// of meaning counts. Ignored: a byte-order mark, line endings (CRLF, CR and LF are one), whitespace at the end of a line
/// and blank lines at the end of the file — what a checkout with <c>core.autocrlf</c> or an editor's "trim on save"
/// changes. Everything else counts, comments and indentation included: an applied migration is history and is never
/// edited, so there is nothing to gain from guessing which edits are harmless.
/// </summary>
internal static class MigrationChecksum
{
    /// <summary>The checksum of <paramref name="sql"/>, 64 lowercase hexadecimal digits.</summary>
    public static string Of(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalise(sql))));

    /// <summary>The text as it is hashed: LF line endings, no trailing whitespace per line, no BOM, one final newline.</summary>
    public static string Normalise(string sql)
    {
        var text = sql.StartsWith('\uFEFF') ? sql[1..] : sql;
        var builder = new StringBuilder(text.Length);
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
        {
            builder.Append(line.AsSpan().TrimEnd(" \t\f\v")).Append('\n');
        }

        var length = builder.Length;
        while (length > 0 && builder[length - 1] == '\n')
        {
            length--;
        }

        builder.Length = length;
        return builder.Append('\n').ToString();
    }
}
