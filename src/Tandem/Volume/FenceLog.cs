using Microsoft.Extensions.Logging;
using Tandem.Replication.Core;

namespace Tandem.Volume;

/// <summary>Log messages of fencing (event ids 1850-1860, in the replication range).</summary>
static partial class FenceLog
{
    [LoggerMessage(1850, LogLevel.Warning, "{Volume}: I/O suspended (fencing): {Why}; new writes wait until {Peer} confirms its copy is Outdated, heartbeat declares it dead, or the link returns")]
    public static partial void IoSuspended(this ILogger log, string volume, string peer, string why);

    [LoggerMessage(1851, LogLevel.Warning, "{Volume}: I/O resumed: {Why}")]
    public static partial void IoResumed(this ILogger log, string volume, string why);

    [LoggerMessage(1852, LogLevel.Information, "{Volume}: asking {Peer} over heartbeat to mark its copy Outdated (generation {Token:X16})")]
    public static partial void AskingOutdate(this ILogger log, string volume, string peer, ulong token);

    [LoggerMessage(1853, LogLevel.Debug, "{Volume}: asking {Peer} again to mark its copy Outdated (generation {Token:X16})")]
    public static partial void AskingOutdateAgain(this ILogger log, string volume, string peer, ulong token);

    [LoggerMessage(1854, LogLevel.Information, "{Volume}: {Peer} answered the outdate request for generation {Token:X16}: {Result}")]
    public static partial void PeerAnswered(this ILogger log, string volume, string peer, ulong token, OutdateResult result);

    [LoggerMessage(1855, LogLevel.Information, "{Volume}: {Peer} asks to mark this copy Outdated (generation {Token:X16}); answered {Result} once on disk")]
    public static partial void AnsweredPeer(this ILogger log, string volume, string peer, ulong token, OutdateResult result);

    [LoggerMessage(1856, LogLevel.Warning, "{Volume}: data is Outdated: {Why}; it is not promoted without --force until a resync makes it UpToDate")]
    public static partial void DataOutdated(this ILogger log, string volume, string why);

    [LoggerMessage(1857, LogLevel.Information, "{Volume}: data no longer Outdated: {Disk} ({Why})")]
    public static partial void DataNoLongerOutdated(this ILogger log, string volume, Tandem.Volume.DiskState disk, string why);

    [LoggerMessage(1858, LogLevel.Error, "{Volume}: cannot answer {Peer}'s outdate request: {Why}")]
    public static partial void AnswerFailed(this ILogger log, string volume, string peer, string why);

    [LoggerMessage(1859, LogLevel.Error, "{Volume}: fencing needs heartbeat to reach {Peer}, and this volume has no path to it; writes stay suspended until the link returns")]
    public static partial void NoFencePath(this ILogger log, string volume, string peer);

    [LoggerMessage(1860, LogLevel.Error, "fencing: {What} failed: {Error}")]
    public static partial void FencingFailed(this ILogger log, string what, string error);
}
