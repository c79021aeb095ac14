using Tandem.Config;
using Tandem.Replication.Protocol;
using Tandem.Storage;
using Tandem.Volume;

using Barrier = Tandem.Replication.Protocol.Barrier;

namespace Tandem.Replication.Core;

// The Primary's write path: local write + Write packet, completion at the protocol's point, epochs
// closed by barriers, and the transfer log that keeps every write until the peer has it durably.
public sealed partial class ReplicaCore
{
    readonly Dictionary<ulong, PendingWrite> _pendingByIo = [];
    readonly Dictionary<ulong, PendingWrite> _pendingById = [];
    readonly LinkedList<PendingWrite> _transferLog = [];
    readonly List<PendingWrite> _localInflight = [];
    readonly Dictionary<ulong, PendingFlush> _flushesByIo = [];
    readonly List<PendingFlush> _flushesWaiting = [];
    readonly Queue<ReplicaInput> _suspended = [];
    readonly List<ReplicaInput.AppWrite> _parked = [];
    readonly Queue<ReplicaInput.AppWrite> _congested = [];

    /// <summary>Writes the peer has not yet confirmed durably (the transfer log).</summary>
    public int UnconfirmedWrites => _transferLog.Count;
    ulong _nextWriteId;
    uint _epoch = 1;
    int _epochWrites;
    bool _epochCompleted;
    uint _flushBarrierSent;
    uint _flushBarrierAcked;

    void OnAppWrite(ReplicaInput.AppWrite w)
    {
        if (_state.Role != Role.Primary)
        {
            Emit(new ReplicaAction.Complete(w.Req, Storage.Errno.EPERM));
            return;
        }
        if (Handshaking || Frozen)
        {
            _suspended.Enqueue(w);
            return;
        }
        if (Replicating && _transferLog.Count >= _s.TransferLogLimit)
        {
            // Congestion: the peer is this far behind; new writes wait for its barrier acks (DRBD's max-buffers).
            _congested.Enqueue(w);
            if (_flushBarrierSent <= _flushBarrierAcked)
                CloseEpoch(flush: true);
            return;
        }
        if (OverlapsResyncRead(w.Offset, w.Length))
        {
            _parked.Add(w); // a resync read of this range is under way; its data must travel first
            return;
        }
        bool local = LocalDiskUsable, peer = Replicating;
        if (!local && !peer)
        {
            Emit(new ReplicaAction.Complete(w.Req, Storage.Errno.EIO));
            return;
        }
        var pw = new PendingWrite(w.Req, w.Offset, w.Length, w.Kind, w.Fua, _now);
        if (peer)
        {
            if (_epochWrites > 0 && _epochCompleted)
                CloseEpoch(flush: false);
            pw.Id = ++_nextWriteId;
            pw.Epoch = _epoch;
            _epochWrites++;
            Send(new Write(pw.Id, pw.Epoch, w.Offset, w.Length, w.Kind, w.Fua, w.Data));
            pw.Peer = _s.Protocol == ReplicationProtocol.A ? PeerPart.Acked : PeerPart.Waiting;
            _pendingById[pw.Id] = pw;
            _transferLog.AddLast(pw);
        }
        else if (!_s.HasPeer)
        {
            // A peer added later gets a full sync (its data is not consistent): a bitmap would only cost writes.
            pw.Peer = PeerPart.NoPeer;
        }
        else
        {
            _bitmap.SetRange(w.Offset, w.Length);
            pw.Peer = PeerPart.OutOfSync;
        }
        if (local)
        {
            ulong io = NextIo();
            pw.Local = true;
            _pendingByIo[io] = pw;
            _localInflight.Add(pw);
            Emit(new ReplicaAction.DiskWrite(io, w.Offset, w.Length, w.Kind, w.Fua, w.Data, Activity: true));
        }
        else
        {
            pw.LocalDone = true;
        }
        Progress(pw);
    }

    void OnLocalWriteDone(PendingWrite pw, bool ok)
    {
        pw.LocalDone = true;
        pw.LocalOk = ok;
        _localInflight.Remove(pw);
        if (!ok)
            LocalDiskFailed("a write failed");
        Progress(pw);
        RetryParkedResyncRequests();
    }

    void OnPeerAck(ulong id, bool received)
    {
        if (!_pendingById.TryGetValue(id, out var pw))
            return; // a duplicate, or a write already written off as out of sync
        bool wanted = received ? _s.Protocol == ReplicationProtocol.B : _s.Protocol == ReplicationProtocol.C;
        if (wanted && pw.Peer == PeerPart.Waiting)
            pw.Peer = PeerPart.Acked;
        Progress(pw);
    }

    void OnNegAck(ulong id)
    {
        if (!_pendingById.TryGetValue(id, out var pw))
            return;
        MarkPeerOutOfSync(pw);
        Progress(pw);
    }

    void OnBarrierAck(BarrierAck b)
    {
        if (b.Epoch > _flushBarrierAcked)
            _flushBarrierAcked = b.Epoch;
        for (var n = _transferLog.First; n is not null && n.Value.Epoch <= b.Epoch;)
        {
            var next = n.Next;
            n.Value.PeerDurable = true;
            Progress(n.Value);
            n = next;
        }
        for (int i = _flushesWaiting.Count - 1; i >= 0; i--)
        {
            var f = _flushesWaiting[i];
            if (f.WaitEpoch != 0 && f.WaitEpoch <= b.Epoch)
                f.WaitEpoch = 0;
        }
        CompleteFlushes();
        ReleaseCongested();
    }

    void ReleaseCongested()
    {
        while (_congested.Count > 0 && !(Replicating && _transferLog.Count >= _s.TransferLogLimit))
            OnAppWrite(_congested.Dequeue());
    }

    /// <summary>Complete to the application when the protocol allows; retire when the peer has it durably.</summary>
    void Progress(PendingWrite pw)
    {
        if (!pw.Completed && pw.LocalDone && pw.Peer != PeerPart.Waiting)
        {
            if (HoldForFence(pw))
                return;
            pw.Completed = true;
            bool ok = (pw.Local && pw.LocalOk) || pw.Peer == PeerPart.Acked;
            Emit(new ReplicaAction.Complete(pw.Req, Errno(ok)));
            if (pw.Id != 0 && pw.Epoch == _epoch)
                _epochCompleted = true;
        }
        if (!pw.Retired && pw.Completed && (pw.PeerDurable || pw.Peer is PeerPart.OutOfSync or PeerPart.NoPeer))
        {
            pw.Retired = true;
            if (pw.Id != 0)
            {
                _pendingById.Remove(pw.Id);
                _transferLog.Remove(pw);
            }
            if (pw.Local)
                Emit(new ReplicaAction.ActivityEnd(pw.Offset, pw.Length, AfterBitmap: pw.Peer == PeerPart.OutOfSync));
        }
    }

    void MarkPeerOutOfSync(PendingWrite pw)
    {
        if (pw.Peer == PeerPart.OutOfSync)
            return;
        _bitmap.SetRange(pw.Offset, pw.Length);
        pw.Peer = PeerPart.OutOfSync;
    }

    uint CloseEpoch(bool flush)
    {
        uint e = _epoch;
        Send(new Barrier(e, flush));
        if (flush)
            _flushBarrierSent = e;
        _epoch++;
        _epochWrites = 0;
        _epochCompleted = false;
        return e;
    }

    void OnAppFlush(ReplicaInput.AppFlush f)
    {
        if (_state.Role != Role.Primary)
        {
            Emit(new ReplicaAction.Complete(f.Req, Storage.Errno.EPERM));
            return;
        }
        if (Handshaking || Frozen)
        {
            _suspended.Enqueue(f);
            return;
        }
        var pf = new PendingFlush(f.Req);
        if (LocalDiskUsable)
        {
            ulong io = NextIo();
            _flushesByIo[io] = pf;
            Emit(new ReplicaAction.DiskFlush(io));
        }
        else
        {
            pf.LocalDone = true;
        }
        if (Replicating && (_epochWrites > 0 || _transferLog.Count > 0))
        {
            uint e = CloseEpoch(flush: true);
            if (_s.Protocol == ReplicationProtocol.C)
                pf.WaitEpoch = e;
        }
        _flushesWaiting.Add(pf);
        CompleteFlushes();
    }

    void OnLocalFlushDone(PendingFlush f, bool ok)
    {
        f.LocalDone = true;
        f.LocalOk = ok;
        if (!ok)
            LocalDiskFailed("a flush failed");
        CompleteFlushes();
    }

    void CompleteFlushes()
    {
        if (Frozen)
            return; // a flush is answered once the writes before it are (fencing)
        for (int i = 0; i < _flushesWaiting.Count; i++)
        {
            var f = _flushesWaiting[i];
            if (!f.LocalDone || f.WaitEpoch != 0)
                continue;
            _flushesWaiting.RemoveAt(i--);
            // A failed local flush is still a success when the peer confirmed (the disk is being detached).
            Emit(new ReplicaAction.Complete(f.Req, Errno(f.LocalOk || Replicating)));
        }
    }

    /// <summary>Bound the transfer log: ask the peer to flush when the oldest unconfirmed write is old or the log is long.</summary>
    void MaybeSendFlushBarrier()
    {
        if (!Replicating || _transferLog.First is not { } oldest || _flushBarrierSent > _flushBarrierAcked)
            return;
        if (_now - oldest.Value.IssuedAt >= _s.FlushBarrierInterval || _transferLog.Count >= _s.TransferLogLimit)
            CloseEpoch(flush: true);
    }

    /// <summary>Hand back writes and flushes held during the handshake or while fencing, in their order.</summary>
    void ReleaseSuspended()
    {
        while (!Handshaking && !Frozen && _suspended.Count > 0)
            Dispatch(_suspended.Dequeue());
    }

    void ReleaseParked()
    {
        if (_parked.Count == 0)
            return;
        var parked = _parked.ToArray();
        _parked.Clear();
        foreach (var w in parked)
            OnAppWrite(w);
    }
}
