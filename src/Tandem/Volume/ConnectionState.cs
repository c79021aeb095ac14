namespace Tandem.Volume;

/// <summary>The replication link's state, with DRBD's names (/proc/drbd "cs:").</summary>
public enum ConnectionState
{
    /// <summary>Not connected and not trying to (no peer configured, disconnected, or after a split brain).</summary>
    StandAlone,
    /// <summary>Trying to reach the peer (DRBD 8.4 calls this WFConnection).</summary>
    Connecting,
    /// <summary>Connected and authenticated; waiting for the peer's state report (DRBD's WFReportParams).</summary>
    WFReportParams,
    /// <summary>Exchanging dirty bitmaps before becoming the SyncSource.</summary>
    WFBitMapS,
    /// <summary>Exchanging dirty bitmaps before becoming the SyncTarget.</summary>
    WFBitMapT,
    Connected,
    SyncSource,
    SyncTarget,
    VerifyS,
    VerifyT,
}
