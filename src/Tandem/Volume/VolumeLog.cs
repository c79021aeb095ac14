using Microsoft.Extensions.Logging;

namespace Tandem.Volume;

static partial class VolumeLog
{
    [LoggerMessage(1300, LogLevel.Information, "{Volume}: {Old} -> {New}")]
    public static partial void StateChanged(this ILogger log, string volume, VolumeState old, VolumeState @new);

    [LoggerMessage(1301, LogLevel.Warning, "{Volume}: refused {Command}: {Reason}")]
    public static partial void Refused(this ILogger log, string volume, string command, string reason);

    [LoggerMessage(1302, LogLevel.Error, "{Volume}: backing disk I/O error at offset {Offset}: {Error}")]
    public static partial void DiskError(this ILogger log, string volume, long offset, string error);

    [LoggerMessage(1303, LogLevel.Information, "{Volume}: new current generation {Uuid:X16}")]
    public static partial void NewGeneration(this ILogger log, string volume, ulong uuid);

    [LoggerMessage(1304, LogLevel.Information, "{Volume}: block device {Path} ready ({Backend})")]
    public static partial void DeviceReady(this ILogger log, string volume, string path, string backend);

    [LoggerMessage(1305, LogLevel.Information, "{Volume}: block device removed")]
    public static partial void DeviceRemoved(this ILogger log, string volume);
}
