using Microsoft.Extensions.Logging;

namespace Tandem.Heartbeat;

/// <summary>Log messages of the heartbeat (event ids 1900–1999).</summary>
static partial class HeartbeatLog
{
    [LoggerMessage(1900, LogLevel.Information, "heartbeat: {Mode} on {Links} link(s) to {Peer}, keepalive {Keepalive}, generation {Generation}")]
    public static partial void Started(this ILogger log, string mode, int links, string peer, TimeSpan keepalive, ulong generation);

    [LoggerMessage(1901, LogLevel.Information, "heartbeat: no peer configured; membership is off")]
    public static partial void Alone(this ILogger log);

    [LoggerMessage(1902, LogLevel.Information, "heartbeat link {Link}: {Local} → {Destination}")]
    public static partial void LinkOpened(this ILogger log, int link, string local, string destination);

    [LoggerMessage(1903, LogLevel.Warning, "heartbeat: {Self} has {Local} link(s) and {Peer} has {Remote}; only the first {Used} pair(s) are used")]
    public static partial void LinkCountMismatch(this ILogger log, string self, int local, string peer, int remote, int used);

    [LoggerMessage(1910, LogLevel.Warning, "{Node}: {From} → {To}: {Text}")]
    public static partial void NodeChanged(this ILogger log, string node, NodeState from, NodeState to, string text);

    [LoggerMessage(1911, LogLevel.Warning, "{Node} link {Link}: {From} → {To}: {Text}")]
    public static partial void LinkChanged(this ILogger log, string node, int link, LinkState from, LinkState to, string text);

    [LoggerMessage(1912, LogLevel.Warning, "{Text}")]
    public static partial void Late(this ILogger log, string text);

    [LoggerMessage(1913, LogLevel.Warning, "{Text}")]
    public static partial void Restarted(this ILogger log, string text);

    [LoggerMessage(1914, LogLevel.Warning, "{Text} ({Count} so far on this link)")]
    public static partial void Dropped(this ILogger log, string text, long count);

    [LoggerMessage(1915, LogLevel.Debug, "{Text} ({Count} so far on this link)")]
    public static partial void DroppedAgain(this ILogger log, string text, long count);

    [LoggerMessage(1920, LogLevel.Warning, "heartbeat link {Link}: sending to {Destination} failed: {Message}")]
    public static partial void SendFailed(this ILogger log, int link, string destination, string message);

    [LoggerMessage(1921, LogLevel.Information, "heartbeat link {Link}: sending to {Destination} works again")]
    public static partial void SendRecovered(this ILogger log, int link, string destination);

    [LoggerMessage(1922, LogLevel.Error, "heartbeat link {Link}: receiving failed, retrying: {Message}")]
    public static partial void ReceiveFailed(this ILogger log, int link, string message);

    [LoggerMessage(1930, LogLevel.Error, "a membership subscriber failed on: {Text}")]
    public static partial void SubscriberFailed(this ILogger log, string text, Exception exception);
}
