using System.Buffers.Binary;

namespace Tandem.Fuse.Protocol;

/// <summary>
/// struct fuse_dirent records of a READDIR reply: ino, off (the offset of the NEXT entry), namelen,
/// type, then the name padded with zeroes to a multiple of 8 (FUSE_DIRENT_ALIGN).
/// </summary>
public static class FuseDirent
{
    public const int NameOffset = 24;

    public static int RecordSize(int nameLength) => (NameOffset + nameLength + 7) & ~7;

    /// <summary>Appends one record; false (nothing written) when it does not fit.</summary>
    public static bool TryWrite(Span<byte> dest, ulong ino, ulong nextOffset, uint type, ReadOnlySpan<byte> name, out int written)
    {
        if (name.IsEmpty || name.Length > FuseRequest.MaxNameLength)
            throw new ArgumentException("a directory entry name is 1..255 bytes", nameof(name));
        written = RecordSize(name.Length);
        if (dest.Length < written)
        {
            written = 0;
            return false;
        }
        BinaryPrimitives.WriteUInt64LittleEndian(dest, ino);
        BinaryPrimitives.WriteUInt64LittleEndian(dest[8..], nextOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(dest[16..], (uint)name.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(dest[20..], type);
        name.CopyTo(dest[NameOffset..]);
        dest[(NameOffset + name.Length)..written].Clear();
        return true;
    }
}
