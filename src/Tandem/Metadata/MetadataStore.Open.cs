using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tandem.Metadata;

public static partial class MetadataStore
{
    /// <summary>
    /// Opens the metadata of <paramref name="target"/> for a daemon: locks the disks, reads and
    /// validates the superblock (see <see cref="SuperblockCopies"/> for the copy rule), checks its layout
    /// against the disks as they are now, loads the bitmap and replays the activity log. Throws
    /// <see cref="MetadataCorruptException"/> (nothing is repaired), <see cref="MetadataInUseException"/>
    /// or <see cref="MetadataRefusedException"/>.
    /// </summary>
    public static MetadataHandle Open(MetadataTarget target, string nodeName, ActivityLogOptions? alOptions = null, ILogger? logger = null)
    {
        var log = logger ?? NullLogger.Instance;
        var disks = MetadataDisks.Open(target, createMeta: false);
        try
        {
            var source = new MetadataSource(target.MetaPath, 0, target.Resource);
            MetadataLayout expected;
            try { expected = ExpectedLayout(target, disks); }
            catch (MetadataRefusedException e)
            {
                throw new MetadataCorruptException(MetadataCorruption.NoMetadata,
                    $"no Tandem metadata on {target.MetaPath}: {e.Message}", target.MetaPath, 0);
            }
            SuperblockCopies.Choice choice;
            try { choice = SuperblockCopies.Pick(disks.Meta, expected, source); }
            catch (MetadataCorruptException e) when (e.Reason == MetadataCorruption.NoMetadata)
            {
                throw new MetadataCorruptException(e.Reason,
                    $"no Tandem metadata on {target.MetaPath} (looked at offset {expected.SuperblockOffset}): create it with " +
                    $"'tandem volume create-md {target.Resource}'", e.Disk, e.Offset);
            }
            var sb = choice.Superblock;
            CheckAgainstDisks(target, disks, sb.Layout, expected);
            var warnings = new List<string>();
            if (choice.OtherProblem is { } other)
            {
                MetadataLog.CopyUnusable(log, 1 - choice.Copy, target.MetaPath, other.Message, choice.Copy, sb.Sequence);
                warnings.Add($"superblock copy {1 - choice.Copy} at offset {other.Offset} on {target.MetaPath} is unusable ({other.Reason}); " +
                             $"using copy {choice.Copy}; the next metadata update rewrites it");
            }
            var bitmap = DirtyBitmap.Load(disks.Meta, sb.Layout, target.MetaPath);
            var al = ActivityLog.Load(disks.Meta, sb.Layout, sb.DeviceUuid, alOptions, target.MetaPath, log,
                dataDisk: ReferenceEquals(disks.Meta, disks.Backing) ? null : disks.Backing);
            MetadataLog.Opened(log, target.Disk, target.MetaPath, sb.DataSize, sb.Flags, sb.Uuids, bitmap.DirtyBlocks, sb.NodeName);
            return new MetadataHandle(target, disks, sb, choice.Copy, bitmap, al, nodeName, warnings, log);
        }
        catch
        {
            disks.Dispose();
            throw;
        }
    }

    /// <summary>Reads the superblock without locking or loading anything (status and probes); throws like <see cref="Open"/>.</summary>
    public static Superblock ReadSuperblock(MetadataTarget target)
    {
        using var backing = MetadataDevice.Open(target.Disk, writable: false);
        using var meta = target.IsInternal ? null : MetadataDevice.Open(target.MetaDisk, writable: false);
        var io = meta ?? backing;
        var expected = target.IsInternal ? MetadataLayout.ForInternal(backing.Size, target.Disk) : ExternalProbeLayout(io.Size);
        return SuperblockCopies.Pick(io, expected, new MetadataSource(target.MetaPath, 0, target.Resource)).Superblock;
    }

    static MetadataLayout ExpectedLayout(MetadataTarget target, MetadataDisks disks) =>
        target.IsInternal ? MetadataLayout.ForInternal(disks.Backing.Size, target.Disk) : ExternalProbeLayout(disks.Meta.Size);

    /// <summary>For external metadata only the superblock position (0) is known before reading it.</summary>
    static MetadataLayout ExternalProbeLayout(long metaSize) =>
        new(MetaKind.External, 0, metaSize, 0, 0, 0, 0, 0, 0);

    static void CheckAgainstDisks(MetadataTarget target, MetadataDisks disks, MetadataLayout stored, MetadataLayout expected)
    {
        string? why = null;
        if (stored.Kind != target.Kind)
            why = $"it describes {stored.Kind.ToString().ToLowerInvariant()} metadata, but meta_disk is configured as {(target.IsInternal ? "internal" : target.MetaDisk)}";
        else if (target.IsInternal && stored != expected)
            why = $"it was written for a disk of {stored.BackingSize} bytes, the disk has {disks.Backing.Size} bytes now (was it resized?)";
        else if (!target.IsInternal && stored.MetaDeviceSize > MetadataFormat.AlignDown(disks.Meta.Size))
            why = $"it needs {stored.MetaDeviceSize} bytes of meta disk, {target.MetaDisk} has {disks.Meta.Size}";
        else if (!target.IsInternal && stored.DataSize > MetadataFormat.AlignDown(disks.Backing.Size))
            why = $"its data area is {stored.DataSize} bytes, but {target.Disk} has only {disks.Backing.Size} bytes now (did it shrink?)";
        if (why is not null)
            throw new MetadataCorruptException(MetadataCorruption.LayoutInconsistent,
                $"metadata on {target.MetaPath} does not fit the disk: {why}: refusing to attach — nothing was changed",
                target.MetaPath, stored.SuperblockOffset);
    }
}
