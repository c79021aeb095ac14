using Tandem.Daemon;
using Tandem.Notifications;
using Tandem.Resources.Groups;

namespace Tandem.Cluster;

/// <summary>
/// Where group events go: every one to the event journal (<c>tandem status</c>), and failovers, failed resources
/// and recoveries to the notifiers. Called on a group's loop: only queues (the dispatcher never blocks).
/// </summary>
/// <param name="resources">Each group's resource ids, to name the resource a failure is about.</param>
public sealed class GroupEventSink(
    string cluster, string node, string? peer, IReadOnlyDictionary<string, IReadOnlyList<string>> resources,
    EventJournal journal, NotificationDispatcher notify)
{
    public void Handle(GroupEvent e)
    {
        journal.Add(e.ToString());
        if (ToNotification(e) is { } n)
            notify.Publish(n);
    }

    /// <summary>The notification an event calls for, or null.</summary>
    public NotificationEvent? ToNotification(GroupEvent e) => e.Kind switch
    {
        GroupEventKind.Failover when TakenFromDeadPeer(e) => NotificationEvent.Failover(cluster, e.Group, peer, node, e.Text, e.At),
        GroupEventKind.Failover => NotificationEvent.Failover(cluster, e.Group, node, peer ?? node, e.Text, e.At),
        GroupEventKind.ResourceFailed or GroupEventKind.StartFailed or GroupEventKind.StopFailed =>
            NotificationEvent.ResourceFailed(cluster, node, e.Group, ResourceOf(e) ?? "(unknown)", e.Text, e.At),
        GroupEventKind.Recovered => NotificationEvent.Recovered(cluster, node, e.Group, null, e.Text, e.At),
        _ => null,
    };

    /// <summary>The one failover that brings the group here: the peer died while it held it.</summary>
    bool TakenFromDeadPeer(GroupEvent e) => peer is not null && e.Text.StartsWith($"{peer} is dead", StringComparison.Ordinal);

    /// <summary>Resource events start with the resource id (the longest that matches, as ids may share a prefix).</summary>
    string? ResourceOf(GroupEvent e) =>
        resources.TryGetValue(e.Group, out var ids)
            ? ids.Where(id => e.Text.StartsWith(id + " ", StringComparison.Ordinal)).MaxBy(id => id.Length)
            : null;
}
