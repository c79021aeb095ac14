namespace Tandem.Heartbeat;

/// <summary>What this node believes about a cluster node (CONTRACT.md: "up", "dead", "unknown").</summary>
public enum NodeState
{
    /// <summary>Not heard yet, within <c>initdead</c> of the daemon's start.</summary>
    Unknown,
    Up,
    /// <summary>Silent for <c>deadtime</c> on every link (or never heard within <c>initdead</c>).</summary>
    Dead,
}

/// <summary>One heartbeat link to the peer: link i pairs endpoint i of both nodes.</summary>
public enum LinkState
{
    Unknown,
    Up,
    Dead,
}
