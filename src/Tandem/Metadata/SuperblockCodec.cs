using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Tandem.Metadata;

/// <summary>
/// Superblock format version 1: 4096 bytes, little-endian.
/// <code>
///    0  8  magic "TANDEMMD"            104  4  block size (4096)
///    8  4  format version (1)          108  4  AL extent size (4 MiB)
///   12  4  header size (4096)          112  4  AL ring slots (16)
///   16  8  sequence                    116  4  flags (MetadataFlags)
///   24  8  device uuid                 120  8  uuid current
///   32  8  data size                   128  8  uuid bitmap
///   40  8  la_size (last agreed)       136  8  uuid history[0]
///   48  8  backing size                144  8  uuid history[1]
///   56  8  meta device size            152  1  meta kind (1 internal, 2 external)
///   64  8  superblock offset           153  1  node name length (≤ 64)
///   72  8  AL offset                   154  2  reserved (0)
///   80  8  AL size                     156 64  node name, UTF-8, zero padded
///   88  8  bitmap offset               220 ..4091 reserved (0)
///   96  8  bitmap size                4092  4  CRC32C of bytes 0..4091
/// </code>
/// Checks, in order: magic (a magic within 4 flipped bits counts as damage, not absence), checksum,
/// version and header size, reserved bytes, layout self-consistency.
/// </summary>
public static class SuperblockCodec
{
    public const int Size = MetadataFormat.SuperblockSize;
    public const int MaxNodeNameBytes = 64;
    const int ChecksumOffset = Size - 4;
    const int NameOffset = 156;
    const int ReservedOffset = NameOffset + MaxNodeNameBytes;

    public static void Write(Superblock sb, Span<byte> dest)
    {
        if (dest.Length < Size)
            throw new ArgumentException($"superblock needs {Size} bytes", nameof(dest));
        int nameLen = Encoding.UTF8.GetByteCount(sb.NodeName);
        if (nameLen > MaxNodeNameBytes)
            throw new ArgumentException($"node name '{sb.NodeName}' is longer than {MaxNodeNameBytes} bytes");
        var b = dest[..Size];
        b.Clear();
        var l = sb.Layout;
        MetadataFormat.Magic.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b[8..], MetadataFormat.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(b[12..], Size);
        BinaryPrimitives.WriteUInt64LittleEndian(b[16..], sb.Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(b[24..], sb.DeviceUuid);
        BinaryPrimitives.WriteInt64LittleEndian(b[32..], l.DataSize);
        BinaryPrimitives.WriteInt64LittleEndian(b[40..], sb.LaSize);
        BinaryPrimitives.WriteInt64LittleEndian(b[48..], l.BackingSize);
        BinaryPrimitives.WriteInt64LittleEndian(b[56..], l.MetaDeviceSize);
        BinaryPrimitives.WriteInt64LittleEndian(b[64..], l.SuperblockOffset);
        BinaryPrimitives.WriteInt64LittleEndian(b[72..], l.AlOffset);
        BinaryPrimitives.WriteInt64LittleEndian(b[80..], l.AlSize);
        BinaryPrimitives.WriteInt64LittleEndian(b[88..], l.BitmapOffset);
        BinaryPrimitives.WriteInt64LittleEndian(b[96..], l.BitmapSize);
        BinaryPrimitives.WriteUInt32LittleEndian(b[104..], MetadataFormat.BlockSize);
        BinaryPrimitives.WriteUInt32LittleEndian(b[108..], MetadataFormat.AlExtentSize);
        BinaryPrimitives.WriteUInt32LittleEndian(b[112..], MetadataFormat.AlRingSlots);
        BinaryPrimitives.WriteUInt32LittleEndian(b[116..], (uint)sb.Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(b[120..], sb.Uuids.Current);
        BinaryPrimitives.WriteUInt64LittleEndian(b[128..], sb.Uuids.Bitmap);
        BinaryPrimitives.WriteUInt64LittleEndian(b[136..], sb.Uuids.History0);
        BinaryPrimitives.WriteUInt64LittleEndian(b[144..], sb.Uuids.History1);
        b[152] = (byte)l.Kind;
        b[153] = (byte)nameLen;
        Encoding.UTF8.GetBytes(sb.NodeName, b.Slice(NameOffset, MaxNodeNameBytes));
        BinaryPrimitives.WriteUInt32LittleEndian(b[ChecksumOffset..], Crc32C.Compute(b[..ChecksumOffset]));
    }

    /// <summary>True when <paramref name="block"/> starts with the magic (or a slightly damaged one).</summary>
    public static bool LooksLikeSuperblock(ReadOnlySpan<byte> block) => block.Length >= 8 && MagicDistance(block) <= 4;

    /// <summary>False when fewer than 4096 bytes are given; throws <see cref="MetadataCorruptException"/> on a bad block.</summary>
    public static bool TryRead(ReadOnlySpan<byte> block, in MetadataSource src, out Superblock superblock)
    {
        superblock = null!;
        if (block.Length < Size)
            return false;
        superblock = Parse(block, src);
        return true;
    }

    public static Superblock Parse(ReadOnlySpan<byte> block, in MetadataSource src)
    {
        if (block.Length < Size)
            throw new ArgumentException($"superblock needs {Size} bytes", nameof(block));
        var b = block[..Size];
        int distance = MagicDistance(b);
        if (distance > 4)
            throw Corrupt(MetadataCorruption.NoMetadata, $"no Tandem metadata at offset {src.Offset} on {src.Disk}", src);
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(b[ChecksumOffset..]);
        if (distance != 0 || stored != Crc32C.Compute(b[..ChecksumOffset]))
            throw Corrupt(MetadataCorruption.ChecksumMismatch,
                $"metadata checksum mismatch at offset {src.Offset} on {src.Disk}: refusing to attach; restore from the peer " +
                $"(tandem volume create-md {src.Resource} --force then resync) — nothing was changed", src);
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(b[8..]);
        uint header = BinaryPrimitives.ReadUInt32LittleEndian(b[12..]);
        if (version != MetadataFormat.Version || header != Size)
            throw Corrupt(MetadataCorruption.UnknownVersion,
                $"metadata at offset {src.Offset} on {src.Disk} has format version {version} (header {header} bytes); this tandem reads " +
                $"version {MetadataFormat.Version} only: use the tandem release that wrote it — nothing was changed", src);
        int nameLen = b[153];
        if (b[154] != 0 || b[155] != 0 || b[ReservedOffset..ChecksumOffset].IndexOfAnyExcept((byte)0) >= 0
            || nameLen > MaxNodeNameBytes || b.Slice(NameOffset + nameLen, MaxNodeNameBytes - nameLen).IndexOfAnyExcept((byte)0) >= 0)
            throw Corrupt(MetadataCorruption.ReservedNotZero,
                $"metadata at offset {src.Offset} on {src.Disk} has non-zero reserved bytes (written by a newer or broken tandem): refusing to attach — nothing was changed", src);
        if (BinaryPrimitives.ReadUInt32LittleEndian(b[104..]) != MetadataFormat.BlockSize
            || BinaryPrimitives.ReadUInt32LittleEndian(b[108..]) != MetadataFormat.AlExtentSize
            || BinaryPrimitives.ReadUInt32LittleEndian(b[112..]) != MetadataFormat.AlRingSlots)
            throw Corrupt(MetadataCorruption.LayoutInconsistent,
                $"metadata at offset {src.Offset} on {src.Disk} uses a block size, AL extent size or AL ring this tandem does not support — nothing was changed", src);
        var layout = new MetadataLayout((MetaKind)b[152],
            BinaryPrimitives.ReadInt64LittleEndian(b[48..]), BinaryPrimitives.ReadInt64LittleEndian(b[56..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[32..]), BinaryPrimitives.ReadInt64LittleEndian(b[64..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[72..]), BinaryPrimitives.ReadInt64LittleEndian(b[80..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[88..]), BinaryPrimitives.ReadInt64LittleEndian(b[96..]));
        if (layout.Inconsistency() is { } why)
            throw Corrupt(MetadataCorruption.LayoutInconsistent, $"metadata at offset {src.Offset} on {src.Disk} has an inconsistent layout: {why} — nothing was changed", src);
        long laSize = BinaryPrimitives.ReadInt64LittleEndian(b[40..]);
        if (laSize < 0 || laSize > layout.DataSize)
            throw Corrupt(MetadataCorruption.LayoutInconsistent, $"metadata at offset {src.Offset} on {src.Disk} has last agreed size {laSize} outside 0..{layout.DataSize} — nothing was changed", src);
        string name;
        try { name = new UTF8Encoding(false, true).GetString(b.Slice(NameOffset, nameLen)); }
        catch (DecoderFallbackException)
        {
            throw Corrupt(MetadataCorruption.LayoutInconsistent, $"metadata at offset {src.Offset} on {src.Disk} has a node name that is not UTF-8", src);
        }
        return new Superblock
        {
            Sequence = BinaryPrimitives.ReadUInt64LittleEndian(b[16..]),
            DeviceUuid = BinaryPrimitives.ReadUInt64LittleEndian(b[24..]),
            LaSize = laSize,
            Layout = layout,
            Flags = (MetadataFlags)BinaryPrimitives.ReadUInt32LittleEndian(b[116..]),
            Uuids = new GenerationUuids(BinaryPrimitives.ReadUInt64LittleEndian(b[120..]), BinaryPrimitives.ReadUInt64LittleEndian(b[128..]),
                BinaryPrimitives.ReadUInt64LittleEndian(b[136..]), BinaryPrimitives.ReadUInt64LittleEndian(b[144..])),
            NodeName = name,
        };
    }

    static int MagicDistance(ReadOnlySpan<byte> b) =>
        BitOperations.PopCount(BinaryPrimitives.ReadUInt64LittleEndian(b) ^ BinaryPrimitives.ReadUInt64LittleEndian(MetadataFormat.Magic));

    static MetadataCorruptException Corrupt(MetadataCorruption reason, string message, in MetadataSource src) =>
        new(reason, message, src.Disk, src.Offset);
}
