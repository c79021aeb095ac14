namespace Tandem.Resources.Groups;

/// <summary>A group's state on this node; status prints the lower-case names (CONTRACT.md).</summary>
public enum GroupState
{
    Stopped,
    Starting,
    Started,
    Stopping,

    /// <summary>Needs an operator: a stop failed for good, or the group can run on neither node.</summary>
    Failed,
}

/// <summary>A resource's state on this node.</summary>
public enum ResourceState
{
    Stopped,
    Starting,
    Started,
    Stopping,

    /// <summary>Its monitor, start or stop failed; it may still be partly active.</summary>
    Failed,
}

/// <summary>What membership says about the other node.</summary>
public enum PeerState
{
    /// <summary>Not heard from yet (initdead).</summary>
    Unknown,
    Alive,
    Dead,
}

/// <summary>The agent operations the machine asks for; a probe is a monitor run to learn the state at start-up.</summary>
public enum OperationKind
{
    Start,
    Stop,
    Monitor,
    Probe,
}

public static class GroupStateNames
{
    public static string Name(this GroupState s) => s.ToString().ToLowerInvariant();

    public static string Name(this ResourceState s) => s.ToString().ToLowerInvariant();
}
