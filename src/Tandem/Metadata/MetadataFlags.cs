namespace Tandem.Metadata;

/// <summary>
/// Persistent state flags, with DRBD 8.4's bit values and meanings (drbd_int.h, MDF_*), so the
/// usual reasoning about DRBD metadata carries over. Tandem's own flags start at bit 16.
/// </summary>
[Flags]
public enum MetadataFlags : uint
{
    None = 0,

    /// <summary>MDF_CONSISTENT: the local data is consistent (a finished sync or an UpToDate node); cleared while a resync target.</summary>
    Consistent = 1 << 0,

    /// <summary>MDF_PRIMARY_IND: this node was Primary when the metadata was last written.</summary>
    PrimaryInd = 1 << 1,

    /// <summary>MDF_CONNECTED_IND: the node was connected to its peer when the metadata was last written.</summary>
    ConnectedInd = 1 << 2,

    /// <summary>MDF_FULL_SYNC: a full sync was requested (the bitmap must be set entirely on attach).</summary>
    FullSync = 1 << 3,

    /// <summary>MDF_WAS_UP_TO_DATE: the data was UpToDate when last written (distinguishes Outdated from Consistent).</summary>
    WasUpToDate = 1 << 4,

    /// <summary>MDF_PEER_OUT_DATED: the peer was marked Outdated (it may not become Primary on its own).</summary>
    PeerOutdated = 1 << 5,

    /// <summary>MDF_CRASHED_PRIMARY: set while Primary, cleared on an orderly demote/detach; found set on attach means a
    /// Primary crashed and the activity log's extents must be resynced.</summary>
    CrashedPrimary = 1 << 6,

    /// <summary>MDF_AL_CLEAN: the activity log was cleanly emptied (no extents to recover).</summary>
    AlClean = 1 << 7,

    /// <summary>MDF_AL_DISABLED: the activity log is disabled (every write would need a full resync after a crash).</summary>
    AlDisabled = 1 << 8,

    /// <summary>
    /// Tandem's own (DRBD 8.4 keeps it in bit 0 of the bitmap UUID): this node was Primary when it lost the peer, i.e.
    /// in the generation its bitmap UUID names. Set or cleared whenever a new bitmap UUID is started (the node goes on
    /// alone as Primary, or is promoted apart: then set only if it had crashed as Primary), cleared with the bitmap UUID
    /// after a resync. Carried to the peer in the state report; after_sb_0pri = discard-younger-primary and
    /// discard-older-primary compare it. Metadata written before this flag existed reads as "was not Primary".
    /// </summary>
    LostPeerAsPrimary = 1 << 16,
}
