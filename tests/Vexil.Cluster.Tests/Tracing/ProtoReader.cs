using System.Buffers.Binary;
using System.Text;

namespace Vexil.Cluster.Tests.Tracing;

/// <summary>
/// A protocol-buffers wire-format reader, just enough for OTLP: varints, fixed 32/64-bit fields and length-delimited
/// fields (strings, bytes, nested messages). Unknown fields are skipped, as protobuf requires; malformed input throws
/// <see cref="InvalidDataException"/>.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public int Field { get; private set; }

    public int WireType { get; private set; }

    /// <summary>Moves to the next field's tag; false at the end.</summary>
    public bool Next()
    {
        if (_position >= _data.Length)
        {
            return false;
        }

        var tag = ReadVarint();
        Field = (int)(tag >> 3);
        WireType = (int)(tag & 7);
        if (Field == 0)
        {
            throw new InvalidDataException("field number 0");
        }

        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new InvalidDataException("truncated varint");
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("varint longer than 10 bytes");
    }

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes() => Take(checked((int)ReadVarint()));

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>Skips the current field's value.</summary>
    public void Skip()
    {
        switch (WireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                Take(8);
                break;
            case 2:
                ReadBytes();
                break;
            case 5:
                Take(4);
                break;
            default:
                throw new InvalidDataException($"wire type {WireType} is not supported");
        }
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || _position + length > _data.Length)
        {
            throw new InvalidDataException("a field runs past the end of its message");
        }

        var slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }
}
