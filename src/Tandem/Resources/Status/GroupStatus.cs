namespace Tandem.Resources.Status;

/// <summary>One resource in <c>tandem status</c>: its id (the resource string) and state.</summary>
public sealed record ResourceStatus(string Id, string State);

/// <summary>
/// One group in <c>tandem status --json</c> (CONTRACT.md): <c>{name, node, state, resources: [{id, state}]}</c>.
/// <see cref="Node"/> is where the group is (this node when it is active here, the peer when the peer reports it),
/// or null when it runs nowhere. <see cref="Waiting"/> says what a due move waits for (auto_failback: the peer's resync). Resource states are this node's view; on the peer they are "unknown".
/// </summary>
public sealed record GroupStatus(
    string Name,
    string? Node,
    string State,
    IReadOnlyList<ResourceStatus> Resources,
    bool Maintenance = false,
    string? Failure = null,
    string? Waiting = null);
