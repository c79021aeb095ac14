using Microsoft.Extensions.Logging;

namespace Tandem.Metadata;

/// <summary>Log events of the metadata subsystem, event ids 1200–1299 (stable).</summary>
static partial class MetadataLog
{
    [LoggerMessage(1200, LogLevel.Information, "Created {Kind} metadata on {Disk}: data {DataSize} bytes, bitmap {BitmapSize} bytes at {BitmapOffset}, device uuid {DeviceUuid:X16}")]
    public static partial void Created(ILogger log, MetaKind kind, string disk, long dataSize, long bitmapSize, long bitmapOffset, ulong deviceUuid);

    [LoggerMessage(1201, LogLevel.Warning, "create-md --force on {Disk}: {Warning}")]
    public static partial void ForcedOver(ILogger log, string disk, string warning);

    [LoggerMessage(1202, LogLevel.Information, "Opened metadata of {Disk} (meta on {MetaDisk}): data {DataSize} bytes, flags {Flags}, uuids {Uuids}, {DirtyBlocks} out-of-sync blocks, last written by {NodeName}")]
    public static partial void Opened(ILogger log, string disk, string metaDisk, long dataSize, MetadataFlags flags, GenerationUuids uuids, long dirtyBlocks, string nodeName);

    [LoggerMessage(1203, LogLevel.Warning, "Superblock copy {Copy} on {Disk} is unusable ({Reason}); using copy {Other} (sequence {Sequence}). The next metadata update rewrites it.")]
    public static partial void CopyUnusable(ILogger log, int copy, string disk, string reason, int other, ulong sequence);

    [LoggerMessage(1204, LogLevel.Debug, "Superblock of {Disk} written to copy {Copy}, sequence {Sequence}")]
    public static partial void SuperblockWritten(ILogger log, string disk, int copy, ulong sequence);

    [LoggerMessage(1205, LogLevel.Debug, "Activity-log transaction {Number}: {Added} extents activated, {Evicted} evicted ({Disk})")]
    public static partial void AlTransaction(ILogger log, ulong number, int added, int evicted, string disk);

    [LoggerMessage(1206, LogLevel.Information, "Activity log of {Disk}: {Valid} valid records, {Corrupt} ignored (torn or stale), newest transaction {Newest}, {Recovered} extents named")]
    public static partial void AlLoaded(ILogger log, int valid, int corrupt, ulong newest, int recovered, string disk);

    [LoggerMessage(1207, LogLevel.Warning, "All {Capacity} activity-log extents of {Disk} are pinned by writes in flight; waiting for one to complete")]
    public static partial void AlFull(ILogger log, int capacity, string disk);

    [LoggerMessage(1208, LogLevel.Information, "Metadata flags of {Disk}: {Old} -> {New}")]
    public static partial void FlagsChanged(ILogger log, string disk, MetadataFlags old, MetadataFlags @new);

    [LoggerMessage(1209, LogLevel.Information, "Generation uuids of {Disk}: {Old} -> {New}")]
    public static partial void UuidsChanged(ILogger log, string disk, GenerationUuids old, GenerationUuids @new);

    [LoggerMessage(1210, LogLevel.Information, "Closed metadata of {Disk}")]
    public static partial void Closed(ILogger log, string disk);

    [LoggerMessage(1211, LogLevel.Debug, "Bitmap of {Disk}: {Pages} pages flushed")]
    public static partial void BitmapFlushed(ILogger log, string disk, int pages);
}
