using System.Buffers.Binary;

namespace Tandem.Metadata;

/// <summary>Content recognised by a signature near the start: swap, LVM2 PV, LUKS, btrfs.</summary>
static class SignatureProbes
{
    /// <summary>Swap: "SWAPSPACE2" (or old "SWAP-SPACE") in the last 10 bytes of the first page; header at 1024.</summary>
    public static ProbeFinding? Swap(ReadOnlySpan<byte> head)
    {
        foreach (int page in (ReadOnlySpan<int>)[4096, 8192, 16384, 65536])
        {
            if (!ProbeBytes.Has(head, page - 10, "SWAPSPACE2"u8) && !ProbeBytes.Has(head, page - 10, "SWAP-SPACE"u8))
                continue;
            uint lastPage = BinaryPrimitives.ReadUInt32LittleEndian(head[1028..]);
            long size = ((long)lastPage + 1) * page;
            string? label = ProbeBytes.CString(head.Slice(1052, 16));
            var f = new ProbeFinding(ProbeKind.Swap, "", 0, size, label, ProbeBytes.Uuid(head[1036..]));
            return f with { Description = ProbeFinding.Describe(f.KindName, 0, ProbeFinding.LabelText(label), SizeText.Format(size)) };
        }
        return null;
    }

    /// <summary>LVM2 label "LABELONE" in one of the first four sectors, type "LVM2 001" at +24; pv_header (uuid, size) at +offset.</summary>
    public static ProbeFinding? Lvm2(ReadOnlySpan<byte> head)
    {
        for (int sector = 0; sector < 4; sector++)
        {
            int at = sector * 512;
            if (!ProbeBytes.Has(head, at, "LABELONE"u8) || !ProbeBytes.Has(head, at + 24, "LVM2 001"u8))
                continue;
            int pvh = at + (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(head[(at + 20)..]), 512u);
            string? uuid = null;
            long? size = null;
            if (pvh + 40 <= head.Length)
            {
                var raw = ProbeBytes.CString(head.Slice(pvh, 32));
                uuid = raw is { Length: 32 } ? $"{raw[..6]}-{raw[6..10]}-{raw[10..14]}-{raw[14..18]}-{raw[18..22]}-{raw[22..26]}-{raw[26..]}" : raw;
                ulong dev = BinaryPrimitives.ReadUInt64LittleEndian(head[(pvh + 32)..]);
                size = dev is > 0 and < (1UL << 62) ? (long)dev : null;
            }
            var f = new ProbeFinding(ProbeKind.Lvm2PhysicalVolume, "", 0, size, null, uuid);
            return f with { Description = ProbeFinding.Describe(f.KindName, 0, uuid is null ? null : $"UUID {uuid}", size is { } s ? SizeText.Format(s) : null) };
        }
        return null;
    }

    /// <summary>LUKS: "LUKS\xba\xbe" at 0, version (big-endian u16) at 6, uuid string at 168.</summary>
    public static ProbeFinding? Luks(ReadOnlySpan<byte> head)
    {
        ReadOnlySpan<byte> magic = [0x4C, 0x55, 0x4B, 0x53, 0xBA, 0xBE];
        if (!ProbeBytes.Has(head, 0, magic) || head.Length < 208)
            return null;
        int version = BinaryPrimitives.ReadUInt16BigEndian(head[6..]);
        string? uuid = ProbeBytes.CString(head.Slice(168, 40));
        string? label = version >= 2 ? ProbeBytes.CString(head.Slice(24, 48)) : null;
        var f = new ProbeFinding(ProbeKind.Luks, "", 0, null, label, uuid);
        return f with { Description = ProbeFinding.Describe($"LUKS{version} encrypted volume", 0, ProbeFinding.LabelText(label), uuid is null ? null : $"UUID {uuid}") };
    }

    /// <summary>btrfs superblock at 64 KiB: magic "_BHRfS_M" @+0x40, fsid @+0x20, total_bytes @+0x70, label @+0x12b.</summary>
    public static ProbeFinding? Btrfs(ReadOnlySpan<byte> head)
    {
        const int sb = 0x10000;
        if (!ProbeBytes.Has(head, sb + 0x40, "_BHRfS_M"u8) || head.Length < sb + 0x12b + 256)
            return null;
        ulong total = BinaryPrimitives.ReadUInt64LittleEndian(head[(sb + 0x70)..]);
        long? size = total < (1UL << 62) ? (long)total : null;
        string? label = ProbeBytes.CString(head.Slice(sb + 0x12b, 256));
        var f = new ProbeFinding(ProbeKind.Btrfs, "", 0, size, label, ProbeBytes.Uuid(head[(sb + 0x20)..]));
        return f with { Description = ProbeFinding.Describe(f.KindName, 0, ProbeFinding.LabelText(label), size is { } s ? SizeText.Format(s) : null) };
    }
}
