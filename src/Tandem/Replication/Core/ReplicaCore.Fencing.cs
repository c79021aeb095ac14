using Tandem.Config;
using Tandem.Metadata;
using Tandem.Replication.Protocol;
using Tandem.Volume;

namespace Tandem.Replication.Core;

// Fencing, as DRBD's "fencing resource-only" with a fence-peer handler, the handler's path being heartbeat: a
// Primary with no replication connection to its peer acknowledges no write the peer lacks while the peer might
// be promoted in its place. New writes and flushes wait (I/O suspended: fencing), and so do the completions of
// writes the lost link took with it, until the peer confirms over heartbeat that its copy is Outdated (on its
// disk; recorded here as PeerOutdated), heartbeat declares the peer dead, or a connection is back past its
// handshake. The other side: a Secondary asked to outdate itself drops the connection the Primary no longer has,
// marks its data Outdated on disk and answers once that is written.
public sealed partial class ReplicaCore
{
    readonly HashSet<PendingWrite> _fenceHeld = [];
    bool _peerFenced;
    bool _peerNodeDead;
    OutdateResult? _peerAnswer;
    TimeSpan? _outdateAskedAt;
    string? _fenceWaits;

    /// <summary>New application I/O is held while the peer is being fenced.</summary>
    bool Frozen => _state.Suspended == Suspension.Fencing;

    /// <summary>What a suspended Primary is waiting for, for status; null when I/O flows.</summary>
    public string? SuspendedWhy => Frozen ? _fenceWaits : null;

    /// <summary>Writes completed locally whose acknowledgement waits for the fencing to end.</summary>
    public int FenceHeldWrites => _fenceHeld.Count;

    bool ConnectedPastHandshake => Established && !Handshaking;

    /// <summary>A Primary without a connection whose peer may still be promoted in its place must not acknowledge alone.</summary>
    bool FenceWanted(bool connected) =>
        _s.Fencing == FencingPolicy.ResourceOnly && _s.HasPeer && _state.Up && _state.Role == Role.Primary && LocalDiskUsable
        && !connected && !_peerFenced && !_peerNodeDead;

    /// <summary>At attach: the metadata may say the peer was fenced (its copy is Outdated).</summary>
    void AttachFencing()
    {
        _peerFenced = _s.HasPeer && _flags.HasFlag(MetadataFlags.PeerOutdated);
        if (_peerFenced)
            Apply(new VolumeInput.PeerChanged(Role.Unknown, DiskState.Outdated), "the metadata says the peer's copy is Outdated");
    }

    /// <summary>The connection is going away: freeze before anything in flight is completed without the peer.</summary>
    void FenceOnConnectionLoss(string reason)
    {
        if (Established && _state.PeerDisk == DiskState.Diskless)
        {
            // The peer detached its disk (going down in order, or after a disk error) before the connection ended.
            _peerFenced = true;
            _peerAnswer = OutdateResult.Diskless;
        }
        if (!Frozen && FenceWanted(connected: false))
            Freeze($"the replication link to the peer is lost while Primary ({reason})");
        else if (Frozen)
            _outdateAskedAt = null; // a connection that did not get past its handshake: ask again at once (the generation may be new)
    }

    /// <summary>The one place the fencing state is reconsidered, after every input and command.</summary>
    void UpdateFence()
    {
        if (!_state.Up)
            return;
        if (ConnectedPastHandshake)
        {
            // Connected: the peer's real state is known again; a later loss must fence afresh.
            _peerFenced = false;
            _peerAnswer = null;
            if (_flags.HasFlag(MetadataFlags.PeerOutdated) && _state.PeerDisk == DiskState.UpToDate)
            {
                _flags &= ~MetadataFlags.PeerOutdated;
                Persist();
            }
        }
        // A freeze starts only without a connection (a handshake of a new connection holds writes by itself) and ends
        // only once a connection is past its handshake.
        if (!Frozen && FenceWanted(connected: Established))
            Freeze("Primary without a replication connection to a peer that may hold UpToDate data");
        else if (Frozen && !FenceWanted(connected: ConnectedPastHandshake))
            Resume(ResumeReason());
        // Ask over heartbeat while there is no connection (during a handshake the handshake decides), and again
        // while no answer comes: a request may be lost with a peer that is not heard.
        if (Frozen && !Established && (_outdateAskedAt is not { } at || _now - at >= _s.OutdateRetryInterval))
        {
            bool retry = _outdateAskedAt is not null;
            _outdateAskedAt = _now;
            Emit(new ReplicaAction.OutdatePeer(_uuids.Current, retry));
        }
    }

    void Freeze(string why)
    {
        _outdateAskedAt = null;
        _fenceWaits = "waiting for the peer to confirm over heartbeat that its copy is Outdated (or for heartbeat to declare it dead, or for the replication link to return)";
        Apply(new VolumeInput.Suspend(Suspension.Fencing), why);
    }

    void Resume(string why)
    {
        _outdateAskedAt = null;
        _fenceWaits = null;
        Apply(new VolumeInput.Suspend(Suspension.None), why);
        bool diskGone = !LocalDiskUsable;
        var held = _fenceHeld.ToArray();
        _fenceHeld.Clear();
        foreach (var pw in held)
        {
            if (diskGone)
                pw.LocalOk = false; // neither disk has it for sure now: the application hears of an error, not a success
            Progress(pw);
        }
        CompleteFlushes();
    }

    string ResumeReason() =>
        ConnectedPastHandshake ? "connected to the peer again"
        : _peerNodeDead ? "heartbeat declares the peer dead; going on alone"
        : _peerFenced && _peerAnswer is null ? "the metadata says the peer's copy is Outdated"
        : _peerFenced ? $"the peer answered over heartbeat: its copy is {DescribeAnswer(_peerAnswer)}; going on alone"
        : _state.Role != Role.Primary ? "no longer Primary"
        : !LocalDiskUsable ? "the local disk is gone"
        : "fencing is not needed";

    static string DescribeAnswer(OutdateResult? r) => r switch
    {
        OutdateResult.Outdated => "Outdated",
        OutdateResult.Inconsistent => "Inconsistent",
        OutdateResult.Diskless => "not attached (no data there to promote)",
        OutdateResult.Primary => "Primary too (split brain)",
        _ => "fenced",
    };

    /// <summary>A write the peer does not have is not acknowledged while frozen; it leaves the transfer log (it is out of sync).</summary>
    bool HoldForFence(PendingWrite pw)
    {
        if (!Frozen || pw.Peer != PeerPart.OutOfSync)
            return false;
        if (pw.Id != 0)
        {
            _pendingById.Remove(pw.Id);
            _transferLog.Remove(pw);
            pw.Id = 0;
        }
        _fenceHeld.Add(pw);
        return true;
    }

    void OnPeerNode(bool dead) => _peerNodeDead = dead;

    void OnOutdateAnswer(ulong token, OutdateResult result)
    {
        if (!Frozen || token != _uuids.Current)
            return; // late, or about an older data generation
        switch (result)
        {
            case OutdateResult.Outdated or OutdateResult.Inconsistent:
                _peerFenced = true;
                _peerAnswer = result;
                _flags |= MetadataFlags.PeerOutdated;
                Persist();
                if (!Established)
                    Apply(new VolumeInput.PeerChanged(Role.Unknown, result == OutdateResult.Outdated ? DiskState.Outdated : DiskState.Inconsistent),
                        "the peer answered the outdate request over heartbeat");
                break;
            case OutdateResult.Diskless:
                _peerFenced = true;
                _peerAnswer = result;
                break;
            case OutdateResult.Primary:
                // Both were promoted apart: the data diverged already (split brain, reported when they connect).
                // Holding writes would not undo it, and would keep either from being demoted; go on, as DRBD does.
                _peerFenced = true;
                _peerAnswer = result;
                Emit(new ReplicaAction.Notice($"{_s.Volume}: the peer is Primary too and refuses to outdate its copy: both nodes went on " +
                    $"apart (split brain); demote one (tandem volume secondary {_s.Volume}) and resolve it when they connect"));
                break;
            default:
                throw new InvalidOperationException($"unhandled outdate answer {result}");
        }
    }

    /// <summary>The peer lost the link while Primary and asks, over heartbeat, that this copy be marked Outdated.</summary>
    void OnOutdateRequest(ulong token)
    {
        if (_state.Role == Role.Primary)
        {
            Emit(new ReplicaAction.AnswerOutdate(token, OutdateResult.Primary));
            return;
        }
        if (Established)
        {
            // A connection on which the peer already reported this generation is newer than the request: nothing to do.
            if (_peerReport is { } r && r.CurrentUuid == token)
                return;
            // Otherwise it is the connection the peer has lost and this node has not noticed yet.
            Send(new Goodbye("the peer asked this node to outdate its copy"));
            ConnectionGone("the peer lost the replication link (heard over heartbeat)", ConnectionState.Connecting);
            Emit(new ReplicaAction.Link(false, "the peer lost this connection"));
            Emit(new ReplicaAction.Link(true, "reconnect after the peer lost the link"));
        }
        var result = _state.Disk switch
        {
            DiskState.UpToDate or DiskState.Consistent or DiskState.Outdated => OutdateResult.Outdated,
            DiskState.Inconsistent => OutdateResult.Inconsistent,
            _ => OutdateResult.Diskless,
        };
        if (_state.Disk is DiskState.UpToDate or DiskState.Consistent)
        {
            // Consistent without WasUpToDate is Outdated on the next attach too (DRBD's MDF_WAS_UP_TO_DATE).
            _flags = (_flags | MetadataFlags.Consistent) & ~(MetadataFlags.WasUpToDate | MetadataFlags.PeerOutdated);
            Persist();
            SetDisk(DiskState.Outdated, "outdated at the peer's request: it went on without this node");
            Emit(new ReplicaAction.Notice($"{_s.Volume}: data marked Outdated at the peer's request (the peer lost the replication link and goes on alone); " +
                $"this node is not promoted on its own until a resync makes it UpToDate"));
        }
        Emit(new ReplicaAction.AnswerOutdate(token, result));
    }
}
