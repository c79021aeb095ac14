namespace Tandem.Replication.Core;

/// <summary>
/// The peer's answer to "mark your copy Outdated" (DRBD's fence-peer handler exit codes 3, 4, 5 and 6). Travels in
/// the heartbeat's cluster payload as one byte.
/// </summary>
public enum OutdateResult : byte
{
    /// <summary>The peer's data is now Outdated on its disk (or already was): it is not promoted without --force.</summary>
    Outdated = 1,

    /// <summary>The peer's data is Inconsistent (a resync target): it cannot be promoted anyway.</summary>
    Inconsistent = 2,

    /// <summary>The peer has no data attached (its volume is down or diskless): nothing there can be promoted.</summary>
    Diskless = 3,

    /// <summary>The peer is Primary itself and refuses: the two must be sorted out by the operator.</summary>
    Primary = 4,
}
