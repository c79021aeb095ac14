using System.Buffers.Binary;

namespace Tandem.Metadata;

/// <summary>
/// ext2/3/4 superblock at byte 1024 (magic 0xEF53 at +56). Told apart by feature flags the way
/// libblkid does: the journal-device flag means an external journal; any incompat/ro_compat feature
/// ext3 does not know means ext4; a journal means ext3; otherwise ext2.
/// </summary>
static class ExtProbe
{
    const int Sb = 1024;
    const uint CompatHasJournal = 0x4;
    const uint IncompatJournalDev = 0x8, Incompat64Bit = 0x80;
    const uint Ext3Incompat = 0x2 | 0x4 | 0x10;   // filetype, recover, meta_bg
    const uint Ext3RoCompat = 0x1 | 0x2 | 0x4;    // sparse_super, large_file, btree_dir

    public static ProbeFinding? Probe(ReadOnlySpan<byte> head)
    {
        if (head.Length < Sb + 1024 || BinaryPrimitives.ReadUInt16LittleEndian(head[(Sb + 56)..]) != 0xEF53)
            return null;
        var sb = head.Slice(Sb, 1024);
        uint compat = BinaryPrimitives.ReadUInt32LittleEndian(sb[0x5C..]);
        uint incompat = BinaryPrimitives.ReadUInt32LittleEndian(sb[0x60..]);
        uint roCompat = BinaryPrimitives.ReadUInt32LittleEndian(sb[0x64..]);
        var kind = (incompat & IncompatJournalDev) != 0 ? ProbeKind.ExtJournal
            : (incompat & ~Ext3Incompat) != 0 || (roCompat & ~Ext3RoCompat) != 0 ? ProbeKind.Ext4
            : (compat & CompatHasJournal) != 0 ? ProbeKind.Ext3
            : ProbeKind.Ext2;
        uint logBlock = BinaryPrimitives.ReadUInt32LittleEndian(sb[0x18..]);
        ulong blocks = BinaryPrimitives.ReadUInt32LittleEndian(sb[0x4..]);
        if ((incompat & Incompat64Bit) != 0)
            blocks |= (ulong)BinaryPrimitives.ReadUInt32LittleEndian(sb[0x150..]) << 32;
        long? size = logBlock <= 6 && blocks < (1UL << 50) ? (long)blocks * (1024L << (int)logBlock) : null;
        string? label = ProbeBytes.CString(sb.Slice(0x78, 16));
        string? uuid = ProbeBytes.Uuid(sb[0x68..]);
        var f = new ProbeFinding(kind, "", 0, size, label, uuid);
        return f with { Description = ProbeFinding.Describe(f.KindName, 0, ProbeFinding.LabelText(label), size is { } s ? SizeText.Format(s) : null) };
    }
}
