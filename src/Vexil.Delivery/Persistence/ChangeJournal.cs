using System.Buffers.Binary;
using System.IO.Hashing;

namespace Vexil.Delivery.Persistence;

/// <summary>
/// The journal beside a last-known-good document: the change events applied since the document was written, each a
/// record of its length (4 bytes, little-endian), the CRC-32 of its data (4 bytes) and the event's data as received.
/// Appending one costs what the change weighs, not what the ruleset weighs. A record cut short by a crash, or whose
/// checksum fails, ends the journal: everything before it is kept.
/// </summary>
internal static class ChangeJournal
{
    public const int HeaderBytes = 8;

    /// <summary>Appends one record and flushes it to disk; returns the bytes written.</summary>
    public static long Append(string path, ReadOnlySpan<byte> data)
    {
        PrivateFile.CreateFolderOf(path);
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteInt32LittleEndian(header, data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.HashToUInt32(data));
        using var file = new FileStream(path, PrivateFile.Options(FileMode.Append));
        file.Write(header);
        file.Write(data);
        file.Flush(flushToDisk: true);
        return HeaderBytes + data.Length;
    }

    /// <summary>The data of every whole record, in order, and the length of the journal they fill (the rest is torn).</summary>
    public static (List<ReadOnlyMemory<byte>> Records, long ValidLength) Read(byte[] journal)
    {
        var records = new List<ReadOnlyMemory<byte>>();
        var offset = 0;
        while (journal.Length - offset >= HeaderBytes)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(journal.AsSpan(offset));
            var checksum = BinaryPrimitives.ReadUInt32LittleEndian(journal.AsSpan(offset + 4));
            if (length < 0 || length > journal.Length - offset - HeaderBytes)
            {
                break;
            }

            var data = journal.AsMemory(offset + HeaderBytes, length);
            if (Crc32.HashToUInt32(data.Span) != checksum)
            {
                break;
            }

            records.Add(data);
            offset += HeaderBytes + length;
        }

        return (records, offset);
    }

    /// <summary>Cuts the journal back to its valid length, so the next record follows a whole one.</summary>
    public static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
        file.SetLength(length);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Keeps the records after the first <paramref name="from"/> bytes (written meanwhile), atomically.</summary>
    public static void KeepTail(string path, long from)
    {
        var all = File.ReadAllBytes(path);
        PrivateFile.Replace(path, all.AsSpan((int)from));
    }
}
