using System.Buffers.Binary;

namespace Tandem.Metadata;

/// <summary>Replication metadata already on a disk: Tandem's own (internal at the end, or external at 0) and DRBD's.</summary>
static class MetadataProbes
{
    /// <summary>A Tandem superblock copy at <paramref name="offset"/> (block = the 4 KiB there), valid or damaged.</summary>
    public static ProbeFinding? Tandem(ReadOnlySpan<byte> block, long offset, string where, string disk)
    {
        if (!SuperblockCodec.LooksLikeSuperblock(block))
            return null;
        try
        {
            var sb = SuperblockCodec.Parse(block, new MetadataSource(disk, offset));
            string? writer = sb.NodeName.Length > 0 ? $"last written by {sb.NodeName}" : null;
            return new ProbeFinding(ProbeKind.TandemMetadata,
                ProbeFinding.Describe("Tandem metadata", offset, where, $"device uuid {sb.DeviceUuid:X16}", $"data {SizeText.Format(sb.DataSize)}", writer),
                offset, sb.Layout.MetadataBytes, null, sb.DeviceUuid.ToString("X16"));
        }
        catch (MetadataCorruptException e)
        {
            return new ProbeFinding(ProbeKind.TandemMetadata,
                ProbeFinding.Describe("damaged Tandem metadata", offset, where, e.Reason.ToString()), offset);
        }
    }

    /// <summary>
    /// DRBD 8.x/9 internal metadata: the superblock in the last 4 KiB, magic (big-endian) at +60:
    /// DRBD_MAGIC 0x83740267 + 4 (v08), + 5 (8.4 unclean), + 6 (v09).
    /// </summary>
    public static ProbeFinding? Drbd(ReadOnlySpan<byte> block, long offset)
    {
        if (block.Length < 64)
            return null;
        string? version = BinaryPrimitives.ReadUInt32BigEndian(block[60..]) switch
        {
            0x8374026b => "8.x",
            0x8374026c => "8.4, not cleanly detached",
            0x8374026d => "9.x",
            _ => null,
        };
        if (version is null)
            return null;
        ulong laSectors = BinaryPrimitives.ReadUInt64BigEndian(block);
        return new ProbeFinding(ProbeKind.DrbdMetadata,
            ProbeFinding.Describe("DRBD metadata", offset, $"version {version}", laSectors is > 0 and < (1UL << 53) ? $"size {SizeText.Format((long)laSectors * 512)}" : null),
            offset, MetadataFormat.BlockSize);
    }
}
