using System.Buffers.Binary;

namespace Tandem.Metadata;

/// <summary>XFS superblock at 0 (big-endian): "XFSB", sb_blocksize @4, sb_dblocks @8, sb_uuid @32, sb_fname[12] @108.</summary>
static class XfsProbe
{
    public static ProbeFinding? Probe(ReadOnlySpan<byte> head)
    {
        if (head.Length < 512 || !ProbeBytes.Has(head, 0, "XFSB"u8))
            return null;
        uint blockSize = BinaryPrimitives.ReadUInt32BigEndian(head[4..]);
        ulong blocks = BinaryPrimitives.ReadUInt64BigEndian(head[8..]);
        long? size = blockSize is >= 512 and <= 65536 && blocks < (1UL << 48) ? (long)blocks * blockSize : null;
        string? label = ProbeBytes.CString(head.Slice(108, 12));
        var f = new ProbeFinding(ProbeKind.Xfs, "", 0, size, label, ProbeBytes.Uuid(head[32..]));
        return f with { Description = ProbeFinding.Describe(f.KindName, 0, ProbeFinding.LabelText(label), size is { } s ? SizeText.Format(s) : null) };
    }
}
