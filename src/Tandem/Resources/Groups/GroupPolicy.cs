using Tandem.Config;

namespace Tandem.Resources.Groups;

/// <summary>The fixed facts a group machine decides with: who is who, and the group's monitor and restart policy.</summary>
public sealed record GroupPolicy
{
    public required string Name { get; init; }

    /// <summary>This node.</summary>
    public required string Node { get; init; }

    /// <summary>The other node, or null in a one-node cluster.</summary>
    public string? Peer { get; init; }

    /// <summary>Where the group runs when both nodes are up and nobody runs it yet: preferred, else the first node by name.</summary>
    public required string Owner { get; init; }

    /// <summary>The configured preferred node (auto_failback brings the group back to it), or null.</summary>
    public string? Preferred { get; init; }

    public bool AutoFailback { get; init; }

    /// <summary>Resource ids in start order.</summary>
    public required IReadOnlyList<string> Resources { get; init; }

    public TimeSpan MonitorInterval { get; init; } = Defaults.MonitorInterval;

    /// <summary>Per resource (in start order), its own monitor interval or null for <see cref="MonitorInterval"/>; may be shorter than <see cref="Resources"/>.</summary>
    public IReadOnlyList<TimeSpan?> MonitorIntervals { get; init; } = [];

    public int MaxRestarts { get; init; } = Defaults.MaxRestarts;

    public TimeSpan RestartWindow { get; init; } = Defaults.RestartWindow;

    public int StopRetries { get; init; } = Defaults.StopRetries;

    public TimeSpan StopRetryDelay { get; init; } = Defaults.StopRetryDelay;

    /// <summary>The interval between two monitors of resource <paramref name="index"/>.</summary>
    public TimeSpan MonitorIntervalOf(int index) =>
        index < MonitorIntervals.Count && MonitorIntervals[index] is { } own ? own : MonitorInterval;

    public static GroupPolicy From(GroupOptions group, TandemConfig config, string node)
    {
        var peer = config.Nodes.Keys.FirstOrDefault(n => n != node);
        var first = new[] { node, peer }.OfType<string>().Order(StringComparer.Ordinal).First();
        return new GroupPolicy
        {
            Name = group.Name,
            Node = node,
            Peer = peer,
            Owner = group.Preferred ?? first,
            Preferred = group.Preferred,
            AutoFailback = config.Cluster.AutoFailback,
            Resources = [.. group.Resources.Select(r => r.Trim())],
            MonitorInterval = group.MonitorInterval,
            MonitorIntervals = [.. group.Resources.Select(r => group.MonitorOf(r)?.Interval)],
            MaxRestarts = group.MaxRestarts,
            RestartWindow = group.RestartWindow,
            StopRetries = group.StopRetries,
        };
    }
}
