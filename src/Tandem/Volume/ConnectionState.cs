namespace Tandem.Volume;

/// <summary>The replication link's state, with DRBD's names (/proc/drbd "cs:").</summary>
public enum ConnectionState
{
    /// <summary>Not connected and not trying to (no peer configured, disconnected, or after a split brain).</summary>
    StandAlone,
    /// <summary>Trying to reach the peer (DRBD 8.4 calls this WFConnection).</summary>
    Connecting,
    Connected,
    SyncSource,
    SyncTarget,
    VerifyS,
    VerifyT,
}
