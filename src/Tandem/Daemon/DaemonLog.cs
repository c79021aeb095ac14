using Microsoft.Extensions.Logging;

namespace Tandem.Daemon;

static partial class DaemonLog
{
    [LoggerMessage(1700, LogLevel.Information, "tandem daemon starting: cluster {Cluster}, node {Node}, config {Config}")]
    public static partial void Starting(this ILogger log, string cluster, string node, string config);

    [LoggerMessage(1701, LogLevel.Information, "tandem daemon stopping ({Reason})")]
    public static partial void Stopping(this ILogger log, string reason);

    [LoggerMessage(1702, LogLevel.Information, "tandem daemon stopped")]
    public static partial void Stopped(this ILogger log);

    [LoggerMessage(1703, LogLevel.Error, "while stopping, {Volume} could not be shut down cleanly: {Reason}")]
    public static partial void ShutdownProblem(this ILogger log, string volume, string reason);

    [LoggerMessage(1704, LogLevel.Warning, "{Volume} stays down: {Reason}")]
    public static partial void VolumeStaysDown(this ILogger log, string volume, string reason);
}
