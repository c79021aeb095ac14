using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tandem.Metadata;

/// <summary>
/// Creates and opens the metadata of a volume (<c>tandem volume create-md</c>, attach). Works on block
/// devices and regular files; both hold the disks locked for as long as they use them.
/// </summary>
public static partial class MetadataStore
{
    /// <summary>
    /// Writes fresh metadata: superblock with DRBD's "just created" UUIDs and no flags (the disk is
    /// Inconsistent until the first sync), zeroed bitmap and activity log. Refuses, with
    /// <see cref="MetadataRefusedException"/> naming what was found, a disk that holds a filesystem,
    /// partition table, LVM/LUKS/swap, or existing Tandem/DRBD metadata where the metadata goes,
    /// unless <paramref name="force"/>; with force the result's warnings say what was overwritten.
    /// Refuses with <see cref="MetadataInUseException"/> while the volume is up.
    /// </summary>
    public static MetadataCreateResult Create(MetadataTarget target, bool force, string nodeName, ILogger? logger = null)
    {
        var log = logger ?? NullLogger.Instance;
        if (Encoding.UTF8.GetByteCount(nodeName) > SuperblockCodec.MaxNodeNameBytes)
            throw new MetadataRefusedException($"node name '{nodeName}' is longer than {SuperblockCodec.MaxNodeNameBytes} bytes");
        using var disks = MetadataDisks.Open(target, createMeta: true);
        MetadataLayout layout;
        if (target.IsInternal)
            layout = MetadataLayout.ForInternal(disks.Backing.Size, target.Disk);
        else
        {
            long need = MetadataLayout.ExternalMetaSizeFor(disks.Backing.Size);
            if (!disks.Meta.IsBlockDevice && disks.Meta.Size < need)
                disks.Meta.ExtendTo(need);
            layout = MetadataLayout.ForExternal(disks.Backing.Size, disks.Meta.Size, target.Disk, target.MetaDisk);
        }
        var found = DiskProbe.Inspect(disks.Meta, target.MetaPath).ToList();
        if (!force && CreateChecks.Refusal(target, layout, found) is { } refusal)
            throw new MetadataRefusedException(refusal);
        var warnings = force ? CreateChecks.ForcedWarnings(target, layout, found) : [];
        foreach (var w in warnings)
            MetadataLog.ForcedOver(log, target.MetaPath, w);
        if (!target.IsInternal)
            found.AddRange(DiskProbe.Inspect(disks.Backing, target.Disk)); // kept: with external metadata the whole disk is data

        var sb = Superblock.CreateFresh(layout, NewDeviceUuid(), nodeName);
        WriteFresh(disks.Meta, layout, sb);
        MetadataLog.Created(log, layout.Kind, target.MetaPath, layout.DataSize, layout.BitmapSize, layout.BitmapOffset, sb.DeviceUuid);
        return new MetadataCreateResult(sb with { Sequence = 2 }, found, warnings);
    }

    /// <summary>
    /// Old superblocks go first (so a crash midway never leaves old UUIDs over a zeroed bitmap), then
    /// the activity log and bitmap are zeroed, then both new copies are written (sequence 1 and 2).
    /// Each step ends with fdatasync.
    /// </summary>
    static void WriteFresh(MetadataDevice meta, MetadataLayout layout, Superblock sb)
    {
        meta.Zero(layout.SuperblockOffset, MetadataFormat.SuperblockAreaSize);
        meta.Sync();
        meta.Zero(layout.AlOffset, layout.AlSize);
        meta.Zero(layout.BitmapOffset, layout.BitmapSize);
        meta.Sync();
        var block = new byte[MetadataFormat.SuperblockAreaSize];
        SuperblockCodec.Write(sb with { Sequence = 1 }, block);
        SuperblockCodec.Write(sb with { Sequence = 2 }, block.AsSpan(MetadataFormat.SuperblockSize));
        meta.Write(layout.SuperblockOffset, block);
        meta.Sync();
    }

    static ulong NewDeviceUuid()
    {
        Span<byte> b = stackalloc byte[8];
        ulong v;
        do
        {
            RandomNumberGenerator.Fill(b);
            v = BitConverter.ToUInt64(b) & ~1UL; // bit 0 is DRBD's "primary" flag in generation UUIDs; keep ids even
        } while (v == 0);
        return v;
    }
}
