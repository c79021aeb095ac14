namespace Tandem.Notifications;

/// <summary>
/// One event worth telling a person about: a sentence (<see cref="Text"/>) and the same facts as fields, so a
/// webhook receiver need not parse the sentence.
/// </summary>
/// <param name="Node">The node the event happened on (for a failover, the node the group moved to).</param>
public sealed record NotificationEvent(
    NotificationKind Kind,
    string Cluster,
    string Node,
    string? Group,
    string? Resource,
    DateTimeOffset At,
    string Text)
{
    public static NotificationEvent Failover(string cluster, string group, string? from, string to, string reason, DateTimeOffset at) =>
        new(NotificationKind.Failover, cluster, to, group, null, at,
            $"group {group} moved {(from is null ? "" : $"from {from} ")}to {to}: {reason}");

    public static NotificationEvent ResourceFailed(string cluster, string node, string group, string resource, string reason, DateTimeOffset at) =>
        new(NotificationKind.ResourceFailed, cluster, node, group, resource, at,
            $"resource {resource} of group {group} failed on {node}: {reason}");

    public static NotificationEvent Recovered(string cluster, string node, string group, string? resource, string how, DateTimeOffset at) =>
        new(NotificationKind.Recovered, cluster, node, group, resource, at,
            $"{(resource is null ? $"group {group}" : $"resource {resource} of group {group}")} runs again on {node}: {how}");

    /// <summary>"failover", "resource_failed", "recovered".</summary>
    public string KindName => Kind switch
    {
        NotificationKind.Failover => "failover",
        NotificationKind.ResourceFailed => "resource_failed",
        NotificationKind.Recovered => "recovered",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };
}
