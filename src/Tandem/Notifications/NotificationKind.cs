namespace Tandem.Notifications;

/// <summary>What happened. The JSON names are <c>failover</c>, <c>resource_failed</c> and <c>recovered</c>.</summary>
public enum NotificationKind
{
    /// <summary>A group moved to the other node (peer dead, too many local restarts, standby/takeover).</summary>
    Failover,

    /// <summary>A resource failed its monitor, start or stop.</summary>
    ResourceFailed,

    /// <summary>A failed resource or group runs again.</summary>
    Recovered,
}
