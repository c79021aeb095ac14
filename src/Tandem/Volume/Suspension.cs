namespace Tandem.Volume;

/// <summary>Why a Primary holds new application I/O (DRBD's "susp" flags; only fencing here).</summary>
public enum Suspension
{
    None,

    /// <summary>The replication link to a peer that may hold UpToDate data is lost: new writes wait until the peer is
    /// Outdated, dead, or connected again (DRBD's susp-fen).</summary>
    Fencing,
}
