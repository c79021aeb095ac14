namespace Tandem.Metadata;

/// <summary>
/// What is on a disk already: filesystems (ext2/3/4, XFS, btrfs), swap, LVM2, LUKS, partition tables,
/// Tandem or DRBD metadata. Reads the first 68 KiB and the last 8 KiB; never writes.
/// </summary>
public static class DiskProbe
{
    const int HeadBytes = 0x11000; // covers the btrfs superblock at 64 KiB and GPT entries

    public static DiskProbeResult Inspect(string path)
    {
        using var dev = MetadataDevice.Open(path, writable: false);
        return new DiskProbeResult(path, dev.Size, dev.IsBlockDevice, Inspect(dev, path));
    }

    public static IReadOnlyList<ProbeFinding> Inspect(IMetadataIo io, string disk)
    {
        long size = io.Size;
        var findings = new List<ProbeFinding>();
        var head = new byte[(int)Math.Min(HeadBytes, size)];
        io.Read(0, head);
        Add(findings, ExtProbe.Probe(head));
        Add(findings, XfsProbe.Probe(head));
        Add(findings, SignatureProbes.Btrfs(head));
        Add(findings, SignatureProbes.Swap(head));
        Add(findings, SignatureProbes.Lvm2(head));
        Add(findings, SignatureProbes.Luks(head));
        Add(findings, PartitionTableProbe.Probe(head));
        var block = new byte[MetadataFormat.BlockSize];
        foreach (int copy in (ReadOnlySpan<int>)[0, 1])
        {
            long at = copy * MetadataFormat.SuperblockSize;
            if (at + block.Length <= head.Length && MetadataProbes.Tandem(head.AsSpan((int)at, block.Length), at, "external", disk) is { } f)
            {
                findings.Add(f);
                break;
            }
        }
        long aligned = MetadataFormat.AlignDown(size);
        if (aligned >= MetadataFormat.SuperblockAreaSize + MetadataFormat.BlockSize * 2)
        {
            foreach (int copy in (ReadOnlySpan<int>)[0, 1])
            {
                long at = aligned - MetadataFormat.SuperblockAreaSize + copy * MetadataFormat.SuperblockSize;
                io.Read(at, block);
                if (MetadataProbes.Tandem(block, at, "internal", disk) is { } f)
                {
                    findings.Add(f);
                    break;
                }
            }
            foreach (long at in new[] { aligned - MetadataFormat.BlockSize, size - MetadataFormat.BlockSize }.Distinct())
            {
                io.Read(at, block);
                if (MetadataProbes.Drbd(block, at) is { } f)
                {
                    findings.Add(f);
                    break;
                }
            }
        }
        findings.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        return findings;
    }

    static void Add(List<ProbeFinding> list, ProbeFinding? f)
    {
        if (f is not null)
            list.Add(f);
    }
}
