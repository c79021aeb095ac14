using Microsoft.Extensions.Logging;

namespace Tandem.Volume;

static partial class VolumeLog
{
    // 1300, 1301 and 1303 were the one-node state machine's; state changes are now logged with their reason (1306).
    [LoggerMessage(1302, LogLevel.Error, "{Volume}: backing disk I/O error at offset {Offset}: {Error}")]
    public static partial void DiskError(this ILogger log, string volume, long offset, string error);

    [LoggerMessage(1304, LogLevel.Information, "{Volume}: block device {Path} ready ({Backend})")]
    public static partial void DeviceReady(this ILogger log, string volume, string path, string backend);

    [LoggerMessage(1311, LogLevel.Information, "{Volume}: kernel nbd not used ({Why}); the block device is a loop device over FUSE")]
    public static partial void KernelNbdNotUsed(this ILogger log, string volume, string why);

    [LoggerMessage(1305, LogLevel.Information, "{Volume}: block device removed")]
    public static partial void DeviceRemoved(this ILogger log, string volume);

    [LoggerMessage(1306, LogLevel.Information, "{Volume}: {Old} -> {New} ({Why})")]
    public static partial void StateChangedBecause(this ILogger log, string volume, VolumeState old, VolumeState @new, string why);

    [LoggerMessage(1307, LogLevel.Warning, "{Volume}: the node stopped while Primary; {Extents} activity-log extents marked out of sync")]
    public static partial void CrashRecovery(this ILogger log, string volume, int extents);

    [LoggerMessage(1308, LogLevel.Error, "{Volume}: writing metadata failed: {Error}")]
    public static partial void MetadataWriteFailed(this ILogger log, string volume, string error);

    [LoggerMessage(1309, LogLevel.Warning, "{Text}")]
    public static partial void Notice(this ILogger log, string text);

    [LoggerMessage(1310, LogLevel.Error, "{Volume}: replication host failed: {Error}")]
    public static partial void HostFailed(this ILogger log, string volume, string error);
}
