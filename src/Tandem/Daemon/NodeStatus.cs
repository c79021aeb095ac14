using Tandem.Resources.Status;
using Tandem.Volume;

namespace Tandem.Daemon;

public sealed record LinkStatus(string Endpoint, string State);

/// <param name="Dropped">Heartbeats from this node dropped as forged, corrupt or replayed (null for this node itself).</param>
public sealed record NodeEntry(string Name, string State, IReadOnlyList<LinkStatus> Links, Heartbeat.DropCounts? Dropped = null);

public sealed record EventEntry(DateTimeOffset At, string Text);

/// <summary>What <c>tandem status --json</c> prints (CONTRACT.md).</summary>
public sealed record NodeStatus(
    string Cluster,
    string Node,
    IReadOnlyList<NodeEntry> Nodes,
    IReadOnlyList<GroupStatus> Groups,
    IReadOnlyList<VolumeStatus> Volumes,
    IReadOnlyList<EventEntry> Events);
