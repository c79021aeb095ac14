using System.Buffers.Binary;

namespace Tandem.Metadata;

/// <summary>
/// MBR (0x55AA at 510, four 16-byte entries at 446) and GPT ("EFI PART" header in LBA 1, for 512-byte
/// or 4 KiB sectors). An MBR whose entries are not plausible (boot flag other than 0/0x80, no type
/// set) is not reported: FAT/NTFS boot sectors carry 0x55AA too.
/// </summary>
static class PartitionTableProbe
{
    public static ProbeFinding? Probe(ReadOnlySpan<byte> head)
    {
        if (head.Length < 512 || head[510] != 0x55 || head[511] != 0xAA)
            return null;
        int used = 0;
        bool protective = false;
        for (int i = 0; i < 4; i++)
        {
            var e = head.Slice(446 + i * 16, 16);
            if (e[0] is not (0x00 or 0x80))
                return null;
            if (e[4] != 0)
            {
                used++;
                protective |= e[4] == 0xEE;
            }
        }
        if (protective)
            foreach (int sector in (ReadOnlySpan<int>)[512, 4096])
                if (Gpt(head, sector) is { } gpt)
                    return gpt;
        if (used == 0)
            return null;
        return new ProbeFinding(ProbeKind.MbrPartitionTable,
            ProbeFinding.Describe("MBR partition table", 0, Partitions(used)), 0);
    }

    static ProbeFinding? Gpt(ReadOnlySpan<byte> head, int sector)
    {
        if (!ProbeBytes.Has(head, sector, "EFI PART"u8) || head.Length < sector + 92)
            return null;
        var h = head.Slice(sector, 92);
        ulong entriesLba = BinaryPrimitives.ReadUInt64LittleEndian(h[72..]);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(h[80..]);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(h[84..]);
        string? diskGuid = ProbeBytes.Uuid(h[56..]);
        int used = 0;
        if (size is >= 128 and <= 4096 && count <= 1024 && entriesLba < 1024)
        {
            long start = (long)entriesLba * sector;
            for (long i = 0; i < count && start + (i + 1) * size <= head.Length; i++)
                if (head.Slice((int)(start + i * size), 16).IndexOfAnyExcept((byte)0) >= 0)
                    used++;
        }
        return new ProbeFinding(ProbeKind.GptPartitionTable,
            ProbeFinding.Describe("GPT partition table", 0, Partitions(used)), 0, null, null, diskGuid);
    }

    static string Partitions(int n) => n == 1 ? "1 partition" : $"{n} partitions";
}
