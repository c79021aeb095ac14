namespace Tandem.Heartbeat;

/// <summary>Why a received heartbeat was dropped; each is counted per link.</summary>
public enum DropReason
{
    /// <summary>Bad HMAC (another key), another cluster's name or a node that is not the peer.</summary>
    Forged,
    /// <summary>Not a well-formed frame: truncated, oversized, wrong magic or version, bad lengths.</summary>
    Corrupt,
    /// <summary>Authentic but old: a sequence number already seen, or an earlier restart generation.</summary>
    Replayed,
}
