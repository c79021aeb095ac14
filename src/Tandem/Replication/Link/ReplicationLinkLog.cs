using Microsoft.Extensions.Logging;

namespace Tandem.Replication.Link;

/// <summary>Log messages of the replication link (event ids 1800–1849).</summary>
internal static partial class ReplicationLinkLog
{
    [LoggerMessage(1800, LogLevel.Information, "Volume {Volume}: replication link {Old} → {New}")]
    public static partial void StateChanged(ILogger logger, string volume, LinkState old, LinkState @new);

    [LoggerMessage(1801, LogLevel.Information, "Volume {Volume}: listening for the peer on {EndPoint}")]
    public static partial void Listening(ILogger logger, string volume, string endPoint);

    [LoggerMessage(1802, LogLevel.Warning, "Volume {Volume}: cannot listen on {Address}: {Message}; retrying")]
    public static partial void ListenFailed(ILogger logger, string volume, string address, string message);

    [LoggerMessage(1803, LogLevel.Information, "Volume {Volume}: cannot reach {Peer} at {Address}: {Message}; retrying with backoff")]
    public static partial void ConnectFailed(ILogger logger, string volume, string peer, string address, string message);

    [LoggerMessage(1804, LogLevel.Debug, "Volume {Volume}: connect to {Address} failed again: {Message}")]
    public static partial void ConnectFailedAgain(ILogger logger, string volume, string address, string message);

    [LoggerMessage(1805, LogLevel.Information, "Volume {Volume}: connected to {Peer} at {EndPoint} ({Direction}, connection {Id})")]
    public static partial void Established(ILogger logger, string volume, string peer, string endPoint, string direction, long id);

    [LoggerMessage(1806, LogLevel.Warning, "Volume {Volume}: connection {Id} to {Peer} lost: {Reason}")]
    public static partial void Lost(ILogger logger, string volume, long id, string peer, string reason);

    [LoggerMessage(1807, LogLevel.Debug, "Volume {Volume}: connection {Id} ({Direction} {EndPoint}) handshake {Old} → {New}")]
    public static partial void HandshakeStateChanged(ILogger logger, string volume, long id, string direction, string endPoint, HandshakeState old, HandshakeState @new);

    [LoggerMessage(1808, LogLevel.Debug, "Volume {Volume}: connection {Id} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string volume, long id, string reason);

    [LoggerMessage(1809, LogLevel.Information, "Volume {Volume}: replication link stopped")]
    public static partial void Stopped(ILogger logger, string volume);

    [LoggerMessage(1810, LogLevel.Warning, "Volume {Volume}: connection {Id} from {EndPoint} sent a malformed frame, closing: {Message}")]
    public static partial void ProtocolViolation(ILogger logger, string volume, long id, string endPoint, string message);

    [LoggerMessage(1811, LogLevel.Warning, "Volume {Volume}: connection {Id} from {EndPoint} refused: {Reason}")]
    public static partial void AuthFailed(ILogger logger, string volume, long id, string endPoint, string reason);

    [LoggerMessage(1812, LogLevel.Warning, "Volume {Volume}: connection {Id} from {EndPoint} refused: {Reason}")]
    public static partial void Reflection(ILogger logger, string volume, long id, string endPoint, string reason);

    [LoggerMessage(1813, LogLevel.Warning, "Volume {Volume}: connection {Id} from {EndPoint} refused: {Reason}")]
    public static partial void WrongNode(ILogger logger, string volume, long id, string endPoint, string reason);

    [LoggerMessage(1814, LogLevel.Error, "Volume {Volume}: refusing {EndPoint}: {Reason}")]
    public static partial void Incompatible(ILogger logger, string volume, string endPoint, string reason);

    [LoggerMessage(1815, LogLevel.Error, "Volume {Volume}: refusing {EndPoint}: {Reason}")]
    public static partial void VersionMismatch(ILogger logger, string volume, string endPoint, string reason);

    [LoggerMessage(1816, LogLevel.Warning, "Volume {Volume}: connection {Id} to {EndPoint}: {Reason}")]
    public static partial void PeerRefused(ILogger logger, string volume, long id, string endPoint, string reason);

    [LoggerMessage(1817, LogLevel.Debug, "Volume {Volume}: connection {Id} ({EndPoint}) dropped: {Reason}")]
    public static partial void Rejected(ILogger logger, string volume, long id, string endPoint, string reason);

    [LoggerMessage(1818, LogLevel.Warning, "Volume {Volume}: connection {Id} with {EndPoint}: {Reason}")]
    public static partial void Violation(ILogger logger, string volume, long id, string endPoint, string reason);

    [LoggerMessage(1819, LogLevel.Warning, "Volume {Volume}: connection {Id} from {EndPoint} did not finish its handshake within {Timeout}; closing")]
    public static partial void HandshakeTimedOut(ILogger logger, string volume, long id, string endPoint, TimeSpan timeout);

    [LoggerMessage(1820, LogLevel.Warning, "Volume {Volume}: {Count} unauthenticated connections pending; refusing {EndPoint}")]
    public static partial void TooManyPending(ILogger logger, string volume, int count, string endPoint);

    [LoggerMessage(1821, LogLevel.Warning, "Volume {Volume}: TLS with {EndPoint} failed: {Message}")]
    public static partial void TlsFailed(ILogger logger, string volume, string endPoint, string message);

    [LoggerMessage(1822, LogLevel.Warning, "Volume {Volume}: connection {Id} to {EndPoint} failed: {Message}")]
    public static partial void ConnectionFailed(ILogger logger, string volume, long id, string endPoint, string message);

    [LoggerMessage(1823, LogLevel.Warning, "Volume {Volume}: the kernel refused TCP congestion control \"{Algorithm}\" for the replication link ({Message}); the link uses the host's default. Set tcp_congestion to one listed in /proc/sys/net/ipv4/tcp_available_congestion_control, or to \"system\"")]
    public static partial void CongestionRefused(ILogger logger, string volume, string algorithm, string message);
}
