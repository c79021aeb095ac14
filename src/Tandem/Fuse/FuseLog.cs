using Microsoft.Extensions.Logging;
using Tandem.Fuse.Protocol;

namespace Tandem.Fuse;

/// <summary>FUSE and loop-device log events, ids 1100–1199.</summary>
static partial class FuseLog
{
    [LoggerMessage(1100, LogLevel.Information, "FUSE file {File} mounted at {MountDir} ({SizeBytes} bytes, direct_io={DirectIo})")]
    public static partial void Mounted(ILogger logger, string mountDir, string file, long sizeBytes, bool directIo);

    [LoggerMessage(1101, LogLevel.Information, "FUSE session initialized: protocol 7.{Minor} (kernel 7.{KernelMinor}), flags 0x{Flags:x}, max_write {MaxWrite}")]
    public static partial void Initialized(ILogger logger, uint minor, uint kernelMinor, ulong flags, uint maxWrite);

    [LoggerMessage(1102, LogLevel.Error, "FUSE INIT refused: kernel protocol {Major}.{Minor}: {Reason}")]
    public static partial void InitRefused(ILogger logger, uint major, uint minor, string reason);

    [LoggerMessage(1103, LogLevel.Information, "FUSE session {MountDir}: {Old} -> {New}")]
    public static partial void StateChanged(ILogger logger, string mountDir, FuseSessionState old, FuseSessionState @new);

    [LoggerMessage(1104, LogLevel.Information, "FUSE file unmounted from {MountDir}")]
    public static partial void Unmounted(ILogger logger, string mountDir);

    [LoggerMessage(1105, LogLevel.Error, "bad FUSE request: {Message}")]
    public static partial void ProtocolError(ILogger logger, string message);

    [LoggerMessage(1106, LogLevel.Warning, "FUSE {Opcode} failed with errno {Errno}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, FuseOpcode opcode, int errno);

    [LoggerMessage(1107, LogLevel.Warning, "FUSE {Opcode} not expected in state {State}")]
    public static partial void UnexpectedRequest(ILogger logger, FuseOpcode opcode, FuseSessionState state);

    [LoggerMessage(1108, LogLevel.Debug, "FUSE reader {Reader} stopped: {Reason}")]
    public static partial void ReaderStopped(ILogger logger, int reader, string reason);

    [LoggerMessage(1109, LogLevel.Debug, "FUSE reply to request {Unique} not delivered: {Reason}")]
    public static partial void ReplyNotDelivered(ILogger logger, ulong unique, string reason);

    [LoggerMessage(1110, LogLevel.Warning, "stale FUSE mount at {MountDir} removed")]
    public static partial void StaleMountRemoved(ILogger logger, string mountDir);

    [LoggerMessage(1111, LogLevel.Warning, "FUSE connection {Connection} of {MountDir} aborted: {Reason}")]
    public static partial void ConnectionAborted(ILogger logger, string connection, string mountDir, string reason);

    [LoggerMessage(1112, LogLevel.Debug, "FUSE {Opcode} not implemented (ENOSYS)")]
    public static partial void NotImplemented(ILogger logger, FuseOpcode opcode);

    [LoggerMessage(1113, LogLevel.Information, "loop device {Loop} attached to {File} (direct_io={DirectIo}, sector size {SectorSize})")]
    public static partial void LoopAttached(ILogger logger, string loop, string file, bool directIo, int sectorSize);

    [LoggerMessage(1114, LogLevel.Information, "loop device {Loop} detached")]
    public static partial void LoopDetached(ILogger logger, string loop);

    [LoggerMessage(1115, LogLevel.Warning, "loop device {Loop} is still in use; not detached")]
    public static partial void LoopBusy(ILogger logger, string loop);

    [LoggerMessage(1116, LogLevel.Warning, "stale loop device {Loop} over {File} detached")]
    public static partial void StaleLoopDetached(ILogger logger, string loop, string file);

    [LoggerMessage(1117, LogLevel.Error, "FUSE reader {Reader} failed")]
    public static partial void ReaderFailed(ILogger logger, Exception exception, int reader);

    [LoggerMessage(1118, LogLevel.Warning, "loop device {Loop} asked for direct I/O but runs buffered")]
    public static partial void LoopDirectIoUnavailable(ILogger logger, string loop);
}
