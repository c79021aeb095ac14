using Microsoft.Extensions.Logging;
using Tandem.Resources.Groups;

namespace Tandem.Resources;

/// <summary>Log messages of resource groups and their agents (event ids 2000-2099).</summary>
static partial class ResourceLog
{
    [LoggerMessage(2000, LogLevel.Information, "group {Group}: {Old} -> {New}")]
    public static partial void GroupStateChanged(this ILogger log, string group, GroupState old, GroupState @new);

    [LoggerMessage(2001, LogLevel.Information, "group {Group}: {Resource}: {Old} -> {New}")]
    public static partial void ResourceStateChanged(this ILogger log, string group, string resource, ResourceState old, ResourceState @new);

    [LoggerMessage(2002, LogLevel.Warning, "group {Group}: {Resource}: {Action} {Outcome}: {Reason}")]
    public static partial void ActionFailed(this ILogger log, string group, string resource, string action, string outcome, string reason);

    [LoggerMessage(2003, LogLevel.Warning, "group {Group}: {Text}")]
    public static partial void GroupEvent(this ILogger log, string group, string text);

    [LoggerMessage(2004, LogLevel.Warning, "{Resource}: gratuitous ARP on {Interface} failed: {Reason}")]
    public static partial void ArpFailed(this ILogger log, string resource, string @interface, string reason);

    [LoggerMessage(2005, LogLevel.Warning, "{Resource}: sending {Signal} to process {Pid} ({Command}), which holds {Directory}")]
    public static partial void KillingHolder(this ILogger log, string resource, string signal, int pid, string command, string directory);

    [LoggerMessage(2006, LogLevel.Warning, "{Resource}: unmount of {Directory} failed (attempt {Attempt}): {Reason}")]
    public static partial void UnmountFailed(this ILogger log, string resource, string directory, int attempt, string reason);

    [LoggerMessage(2007, LogLevel.Warning, "group {Group}: asking the peer to {Request} failed: {Error}")]
    public static partial void PeerRequestFailed(this ILogger log, string group, string request, string error);

    [LoggerMessage(2008, LogLevel.Information, "group {Group}: {Command} refused: {Reason}")]
    public static partial void CommandRefused(this ILogger log, string group, string command, string reason);

    [LoggerMessage(2009, LogLevel.Debug, "group {Group}: {Resource}: {Action} ok")]
    public static partial void ActionOk(this ILogger log, string group, string resource, string action);

    [LoggerMessage(2010, LogLevel.Information, "{Resource}: added {Address}/{PrefixLength} on {Interface}")]
    public static partial void AddressAdded(this ILogger log, string resource, string address, int prefixLength, string @interface);

    [LoggerMessage(2012, LogLevel.Critical, "group {Group}: the group manager stopped on an internal error; the group is no longer managed on this node")]
    public static partial void LoopFailed(this ILogger log, string group, Exception error);

    [LoggerMessage(2013, LogLevel.Error, "group {Group}: {Resource} is hung ({Reason}); the group moves to {Peer} without a restart in place")]
    public static partial void ResourceHung(this ILogger log, string group, string resource, string reason, string peer);

    [LoggerMessage(2011, LogLevel.Information, "{Resource}: removed {Address}/{PrefixLength} from {Interface}")]
    public static partial void AddressRemoved(this ILogger log, string resource, string address, int prefixLength, string @interface);
}
