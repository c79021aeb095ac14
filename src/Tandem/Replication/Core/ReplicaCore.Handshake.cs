using Tandem.Metadata;
using Tandem.Replication.Protocol;
using Tandem.Volume;

namespace Tandem.Replication.Core;

// Connecting: both sides send a state report; each decides the same way (UuidComparer, then the
// split-brain policies); the bitmaps are exchanged and merged; then the sync starts or the two are
// simply Connected.
public sealed partial class ReplicaCore
{
    const int BitmapRunsPerPacket = 4096;
    StateReport? _peerReport;
    SyncDecision _decision;
    bool _discardMyData;

    void OnPeerConnected()
    {
        if (Established)
            throw new InvalidOperationException($"{_s.Volume}: connected twice");
        _standAloneReason = null;
        ResetReceiver();
        _epoch = 1;
        _epochWrites = 0;
        _epochCompleted = false;
        _nextWriteId = 0;
        _flushBarrierSent = _flushBarrierAcked = 0;
        _peerReport = null;
        SetConnection(ConnectionState.WFReportParams, "connected to the peer");
        SendStateReport();
    }

    void SendStateReport() => Send(new StateReport(
        _state.Role, _state.Disk, _uuids.Current, _uuids.Bitmap, _uuids.History0, _uuids.History1,
        (uint)_flags, _bitmap.DirtyBytes, _s.SizeBytes, _discardMyData));

    void OnStateReport(StateReport r)
    {
        var previous = _peerReport;
        _peerReport = r;
        Apply(new VolumeInput.PeerChanged(r.Role, r.Disk), "the peer reported its state");
        if (_state.Connection == ConnectionState.WFReportParams)
        {
            Decide(r);
            return;
        }
        // A new generation on the peer while connected (a forced promotion over unsynced data): start over.
        if (_state.Connection == ConnectionState.Connected && previous is not null
            && r.CurrentUuid != previous.CurrentUuid && r.CurrentUuid != _uuids.Current)
        {
            SetConnection(ConnectionState.WFReportParams, "the peer started a new data generation");
            SendStateReport();
            Decide(r);
        }
    }

    ReplicaView SelfView() => new(_uuids.Current, _uuids.Bitmap, _uuids.History0, _uuids.History1,
        _state.Disk is DiskState.UpToDate or DiskState.Consistent or DiskState.Outdated,
        _flags.HasFlag(MetadataFlags.CrashedPrimary), _state.Role == Role.Primary, _bitmap.DirtyBytes,
        _flags.HasFlag(MetadataFlags.LostPeerAsPrimary));

    // A peer whose metadata predates LostPeerAsPrimary reports it clear: "was not Primary when we lost each other".
    static ReplicaView PeerView(StateReport r) => new(r.CurrentUuid, r.BitmapUuid, r.History0, r.History1,
        r.Disk is DiskState.UpToDate or DiskState.Consistent or DiskState.Outdated,
        ((MetadataFlags)r.MetadataFlags).HasFlag(MetadataFlags.CrashedPrimary), r.Role == Role.Primary, r.OutOfSyncBytes,
        ((MetadataFlags)r.MetadataFlags).HasFlag(MetadataFlags.LostPeerAsPrimary));

    void Decide(StateReport r)
    {
        if (r.SizeBytes != _s.SizeBytes)
        {
            Drop($"the peer's data size is {r.SizeBytes} bytes, this node's {_s.SizeBytes}; both backing disks must give the same size (set volumes.{_s.Volume}.size)");
            return;
        }
        if (_state.Role == Role.Primary && r.Role == Role.Primary)
        {
            DetectSplitBrain("both nodes are Primary");
            return;
        }
        var self = SelfView();
        var peer = PeerView(r);
        var d = UuidComparer.Compare(self, peer);
        if (d == SyncDecision.SplitBrain)
        {
            var outcome = SplitBrainResolver.Resolve(self, peer, _discardMyData, r.DiscardMyData, _s.AfterSb0Pri, _s.AfterSb1Pri, _s.AfterSb2Pri);
            if (!outcome.Resolved)
            {
                DetectSplitBrain(outcome.Reason);
                return;
            }
            Emit(new ReplicaAction.Notice($"{_s.Volume}: split brain resolved: {outcome.Reason}; " +
                (outcome.Decision == SyncDecision.TargetBitmap ? "this node's changes are discarded" : "the peer's changes are discarded")));
            d = outcome.Decision;
        }
        if (d == SyncDecision.Unrelated)
        {
            Drop("the two nodes' data have no generation in common (unrelated data); recreate the metadata of the node to overwrite (tandem volume create-md --force) and connect again");
            return;
        }
        if (_state.Role == Role.Primary && d is SyncDecision.TargetBitmap or SyncDecision.TargetFull)
        {
            Drop("this node is Primary but its data is older than the peer's; demote it and connect again to receive the peer's data");
            return;
        }
        _discardMyData = false;
        _splitBrain = false;
        _decision = d;
        switch (d)
        {
            case SyncDecision.NoSync:
            case SyncDecision.BothFresh:
                if (d == SyncDecision.NoSync && (_state.Disk == DiskState.Consistent && peer.Consistent
                    || _state.Disk == DiskState.Outdated && r.Disk is DiskState.UpToDate or DiskState.Consistent))
                {
                    if (!_flags.HasFlag(MetadataFlags.WasUpToDate))
                    {
                        _flags |= MetadataFlags.WasUpToDate; // no longer Outdated after a restart either
                        Persist();
                    }
                    SetDisk(DiskState.UpToDate, "the peer has the same data generation");
                }
                if (_flags.HasFlag(MetadataFlags.CrashedPrimary))
                {
                    _flags &= ~MetadataFlags.CrashedPrimary;
                    Persist();
                }
                SetConnection(ConnectionState.Connected, d == SyncDecision.NoSync ? "in sync with the peer" : "no data on either node yet");
                if (d == SyncDecision.BothFresh)
                    Emit(new ReplicaAction.Notice($"{_s.Volume}: neither node has UpToDate data; make one Primary with: tandem volume primary {_s.Volume} --force"));
                if (_state.Disk != (_peerReport?.Disk ?? _state.Disk))
                    SendStateReport();
                break;
            case SyncDecision.SourceBitmap or SyncDecision.SourceFull:
                if (d == SyncDecision.SourceFull)
                    _bitmap.SetRange(0, _s.SizeBytes);
                SourceIsUpToDate();
                SetConnection(ConnectionState.WFBitMapS, d == SyncDecision.SourceFull ? "full sync to the peer" : "bitmap sync to the peer");
                SendBitmap();
                break;
            default:
                if (d == SyncDecision.TargetFull)
                    _bitmap.SetRange(0, _s.SizeBytes);
                SetConnection(ConnectionState.WFBitMapT, d == SyncDecision.TargetFull ? "full sync from the peer" : "bitmap sync from the peer");
                SendBitmap();
                break;
        }
    }

    /// <summary>
    /// This node's data is the newer of the two (by generation, or by the peer's --discard-my-data): a copy that was only
    /// Consistent or Outdated is UpToDate from here on, and the peer hears so before the bitmap.
    /// </summary>
    void SourceIsUpToDate()
    {
        if (_state.Disk is not (DiskState.Consistent or DiskState.Outdated))
            return;
        _flags |= MetadataFlags.Consistent | MetadataFlags.WasUpToDate;
        Persist();
        SetDisk(DiskState.UpToDate, "this node's data is the newer: it is the resync source");
        SendStateReport();
    }

    void SendBitmap()
    {
        var runs = new List<DirtyRange>(BitmapRunsPerPacket);
        foreach (var run in _bitmap.EnumerateDirtyRuns())
        {
            runs.Add(new DirtyRange(run.Offset, run.Length));
            if (runs.Count == BitmapRunsPerPacket)
            {
                Send(new BitmapRuns(runs.ToArray(), false));
                runs.Clear();
            }
        }
        Send(new BitmapRuns(runs.ToArray(), true));
    }

    void OnBitmapRuns(BitmapRuns b)
    {
        if (_state.Connection is not (ConnectionState.WFBitMapS or ConnectionState.WFBitMapT))
        {
            Drop($"the peer sent a bitmap in state {_state.Connection}");
            return;
        }
        foreach (var run in b.Runs)
            _bitmap.SetRange(run.Offset, run.Length);
        if (b.Last)
            StartSync();
    }

    void DetectSplitBrain(string reason)
    {
        _splitBrain = true;
        Emit(new ReplicaAction.Notice($"{_s.Volume}: split brain detected ({reason}); nothing was merged. " +
            $"On the node whose changes should be discarded run: tandem volume connect {_s.Volume} --discard-my-data; on the other: tandem volume connect {_s.Volume}"));
        Drop($"split brain: {reason}");
    }

    /// <summary>Give up this connection and stay StandAlone until the operator connects again.</summary>
    void Drop(string reason)
    {
        if (Established)
            Send(new Goodbye(reason));
        _standAloneReason = reason;
        Emit(new ReplicaAction.Link(false, reason));
        ConnectionGone(reason, ConnectionState.StandAlone);
    }
}
