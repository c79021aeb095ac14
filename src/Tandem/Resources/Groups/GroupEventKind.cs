namespace Tandem.Resources.Groups;

/// <summary>What a group event is about, so notifications can pick the ones people must hear of.</summary>
public enum GroupEventKind
{
    /// <summary>The group is running here.</summary>
    Started,

    /// <summary>The group is stopped here.</summary>
    Stopped,

    /// <summary>A monitor found a resource failed or not running.</summary>
    ResourceFailed,

    /// <summary>A failed resource (and the ones after it) is being restarted in place.</summary>
    Restarting,

    /// <summary>The group runs again after a restart in place.</summary>
    Recovered,

    /// <summary>The group moves between nodes because something failed (peer death, start failure, restart limit).</summary>
    Failover,

    /// <summary>A planned move: standby, takeover, failback.</summary>
    Handover,

    /// <summary>A resource failed to start.</summary>
    StartFailed,

    /// <summary>A resource failed to stop (retried, or escalated: the group is failed).</summary>
    StopFailed,

    /// <summary>Anything else worth a line in the event log.</summary>
    Info,
}
