using Microsoft.Extensions.Logging;
using Tandem.Resources.Groups;

namespace Tandem.Cluster;

/// <summary>Log messages of the daemon's cluster glue: groups over heartbeat (event ids 1750-1799, the daemon's range).</summary>
static partial class ClusterLog
{
    [LoggerMessage(1750, LogLevel.Information, "peer {Peer} for the groups: {Old} -> {New} ({Why})")]
    public static partial void PeerChanged(this ILogger log, string peer, PeerState old, PeerState @new, string why);

    [LoggerMessage(1751, LogLevel.Warning, "cannot read the group states in {Peer}'s heartbeats: {Reason}; its groups count as unknown and nothing is started on their account")]
    public static partial void PeerUnreadable(this ILogger log, string peer, string reason);

    [LoggerMessage(1752, LogLevel.Information, "asking {Peer}: {Request}")]
    public static partial void RequestSent(this ILogger log, string peer, string request);

    [LoggerMessage(1753, LogLevel.Information, "{Peer} asks: {Request}")]
    public static partial void RequestReceived(this ILogger log, string peer, string request);

    [LoggerMessage(1754, LogLevel.Warning, "request to {Peer} not sent ({Kind} {Group}): {Why}")]
    public static partial void RequestDropped(this ILogger log, string peer, string kind, string group, string why);

    [LoggerMessage(1755, LogLevel.Critical, "the group peer loop stopped on an internal error; the groups no longer hear from {Peer}")]
    public static partial void PeerLoopFailed(this ILogger log, string peer, Exception error);

    [LoggerMessage(1756, LogLevel.Warning, "stopping after {Waited} with {Count} request(s) to {Peer} not acknowledged and these groups not taken there: {Groups}")]
    public static partial void FlushTimedOut(this ILogger log, string peer, int count, string groups, TimeSpan waited);

    [LoggerMessage(1757, LogLevel.Warning, "maintenance request from {Peer} refused here: {Refusals}")]
    public static partial void MaintenanceRefused(this ILogger log, string peer, string refusals);

    [LoggerMessage(1758, LogLevel.Information, "cluster command {Command}: {Outcome}")]
    public static partial void Command(this ILogger log, string command, string outcome);
}
