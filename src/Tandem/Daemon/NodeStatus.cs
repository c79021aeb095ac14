using Tandem.Volume;

namespace Tandem.Daemon;

public sealed record LinkStatus(string Endpoint, string State);

public sealed record NodeEntry(string Name, string State, IReadOnlyList<LinkStatus> Links);

public sealed record EventEntry(DateTimeOffset At, string Text);

/// <summary>What <c>tandem status --json</c> prints (CONTRACT.md).</summary>
public sealed record NodeStatus(
    string Cluster,
    string Node,
    IReadOnlyList<NodeEntry> Nodes,
    IReadOnlyList<object> Groups,
    IReadOnlyList<VolumeStatus> Volumes,
    IReadOnlyList<EventEntry> Events);
