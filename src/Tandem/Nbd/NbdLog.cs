using Microsoft.Extensions.Logging;
using Tandem.Nbd.Protocol;

namespace Tandem.Nbd;

/// <summary>Log messages of the NBD subsystem (event ids 1000–1099).</summary>
internal static partial class NbdLog
{
    [LoggerMessage(1000, LogLevel.Information, "NBD server listening on unix socket {Path}")]
    public static partial void ListeningUnix(ILogger logger, string path);

    [LoggerMessage(1001, LogLevel.Information, "NBD server listening on tcp {EndPoint}")]
    public static partial void ListeningTcp(ILogger logger, string endPoint);

    [LoggerMessage(1002, LogLevel.Information, "NBD server stopped ({Connections} connections closed)")]
    public static partial void Stopped(ILogger logger, int connections);

    [LoggerMessage(1003, LogLevel.Information, "Removed stale NBD socket {Path}")]
    public static partial void StaleSocketRemoved(ILogger logger, string path);

    [LoggerMessage(1004, LogLevel.Warning, "NBD accept failed: {Message}")]
    public static partial void AcceptFailed(ILogger logger, string message);

    [LoggerMessage(1010, LogLevel.Information, "NBD connection {Id} opened from {Peer}")]
    public static partial void ConnectionOpened(ILogger logger, long id, string peer);

    [LoggerMessage(1011, LogLevel.Information, "NBD connection {Id} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, long id, string reason);

    [LoggerMessage(1012, LogLevel.Warning, "NBD connection {Id} negotiation ended: {Reason}")]
    public static partial void HandshakeClosed(ILogger logger, long id, string reason);

    [LoggerMessage(1013, LogLevel.Information, "NBD connection {Id}: negotiating → transmission, export '{Export}' ({Size} bytes)")]
    public static partial void ExportSelected(ILogger logger, long id, string export, ulong size);

    [LoggerMessage(1014, LogLevel.Warning, "NBD connection {Id}: protocol violation, closing: {Message}")]
    public static partial void ProtocolViolation(ILogger logger, long id, string message);

    [LoggerMessage(1015, LogLevel.Warning, "NBD connection {Id}: write of {Length} bytes exceeds the {Max}-byte payload limit; replied EINVAL and closing")]
    public static partial void OversizedWrite(ILogger logger, long id, uint length, int max);

    [LoggerMessage(1016, LogLevel.Warning, "NBD connection {Id} lost: {Message}")]
    public static partial void ConnectionLost(ILogger logger, long id, string message);

    [LoggerMessage(1017, LogLevel.Warning, "NBD connection {Id}: {Count} requests still running after the drain timeout; cancelling them")]
    public static partial void DrainTimedOut(ILogger logger, long id, int count);

    [LoggerMessage(1018, LogLevel.Warning, "NBD connection {Id}: no export chosen within {Timeout}; closing")]
    public static partial void HandshakeTimedOut(ILogger logger, long id, TimeSpan timeout);

    [LoggerMessage(1020, LogLevel.Debug, "NBD connection {Id}: {Command} at {Offset} (+{Length}) → {Error}")]
    public static partial void RequestRefused(ILogger logger, long id, NbdCommand command, ulong offset, uint length, NbdError error);

    [LoggerMessage(1021, LogLevel.Error, "NBD connection {Id}: {Command} at {Offset} (+{Length}) failed unexpectedly; replied EIO")]
    public static partial void TargetFailed(ILogger logger, long id, NbdCommand command, ulong offset, uint length, Exception exception);

    [LoggerMessage(1022, LogLevel.Warning, "NBD connection {Id}: reply could not be sent: {Message}")]
    public static partial void ReplyWriteFailed(ILogger logger, long id, string message);

    [LoggerMessage(1030, LogLevel.Information, "NBD client connected to {Server} export '{Export}' ({Size} bytes, flags {Flags})")]
    public static partial void ClientConnected(ILogger logger, string server, string export, long size, NbdTransmissionFlags flags);

    [LoggerMessage(1031, LogLevel.Warning, "NBD client connection to {Server} lost: {Message}")]
    public static partial void ClientConnectionLost(ILogger logger, string server, string message);

    [LoggerMessage(1032, LogLevel.Information, "NBD server {Server} does not support NBD_OPT_GO; using NBD_OPT_EXPORT_NAME")]
    public static partial void ClientExportNameFallback(ILogger logger, string server);
}
