using Tandem.Config;
using Tandem.Replication.Protocol;
using Tandem.Volume;

using Barrier = Tandem.Replication.Protocol.Barrier;

namespace Tandem.Replication.Core;

// The receiving side: the peer's writes reach this disk epoch by epoch (a barrier's writes all
// complete — and with a flush barrier are flushed — before any write of the next epoch starts);
// resync data, and reads for the peer, are ordered with them by overlap in arrival order.
public sealed partial class ReplicaCore
{
    readonly LinkedList<RecvOp> _recv = [];
    readonly Dictionary<ulong, RecvOp> _recvByIo = [];
    readonly Queue<Barrier> _barriers = [];
    uint _applyEpoch = 1;
    int _applyEpochWrites;
    ulong _lastPeerWriteId;
    ulong _barrierFlushIo;

    void ResetReceiver()
    {
        // Operations already on the disk finish and are ignored; the rest are dropped (the Primary
        // marks everything it did not see confirmed as out of sync).
        foreach (var op in _recv)
            if (!op.InFlight)
                op.Done = true;
        _recv.Clear();
        _barriers.Clear();
        _applyEpoch = 1;
        _applyEpochWrites = 0;
        _lastPeerWriteId = 0;
        if (_barrierFlushIo != 0)
            _orphanIos.Add(_barrierFlushIo); // its completion still comes; nothing waits for it any more
        _barrierFlushIo = 0;
    }

    void OnPeerWrite(Write w)
    {
        if (w.Id <= _lastPeerWriteId)
            return; // duplicate
        _lastPeerWriteId = w.Id;
        if (_state.Role == Role.Primary)
        {
            Drop("the peer sent a write while this node is Primary");
            return;
        }
        if (_s.Protocol == ReplicationProtocol.B)
            Send(new RecvAck(w.Id));
        if (!LocalDiskUsable)
        {
            Send(new NegAck(w.Id));
            return;
        }
        Enqueue(new RecvOp(RecvKind.Write, w.Id, w.Offset, w.Length) { Epoch = w.Epoch, Write = w });
    }

    void OnBarrier(Barrier b)
    {
        _barriers.Enqueue(b);
        PumpReceiver();
    }

    void OnPeerReadRequest(ReadRequest r)
    {
        if (!LocalDiskUsable || _state.Disk != DiskState.UpToDate)
        {
            Send(new ReadReply(r.Id, false, ReadOnlyMemory<byte>.Empty));
            return;
        }
        Enqueue(new RecvOp(RecvKind.PeerRead, r.Id, r.Offset, r.Length));
    }

    void Enqueue(RecvOp op)
    {
        _recv.AddLast(op);
        PumpReceiver();
    }

    /// <summary>Start every operation that may start; close epochs whose writes are all done.</summary>
    void PumpReceiver()
    {
        while (true)
        {
            for (var n = _recv.First; n is not null; n = n.Next)
            {
                var op = n.Value;
                if (op.InFlight || !MayStart(n))
                    continue;
                Start(op);
            }
            if (!TryCloseEpoch())
                return;
        }
    }

    bool MayStart(LinkedListNode<RecvOp> n)
    {
        var op = n.Value;
        if (op.Kind == RecvKind.Write && (op.Epoch != _applyEpoch || _barrierFlushIo != 0))
            return false;
        for (var e = n.Previous; e is not null; e = e.Previous)
        {
            var earlier = e.Value;
            if ((earlier.Writes || op.Writes) && Overlaps(earlier.Offset, earlier.Length, op.Offset, op.Length))
                return false;
        }
        return true;
    }

    void Start(RecvOp op)
    {
        op.InFlight = true;
        ulong io = NextIo();
        _recvByIo[io] = op;
        switch (op.Kind)
        {
            case RecvKind.Write:
                var w = op.Write!;
                _applyEpochWrites++;
                Emit(new ReplicaAction.DiskWrite(io, w.Offset, w.Length, w.Kind, w.Fua, w.Data, Activity: false));
                break;
            case RecvKind.Resync:
                Emit(new ReplicaAction.DiskWrite(io, op.Offset, op.Length, WriteKind.Data, false, op.Data, Activity: false));
                break;
            default:
                Emit(new ReplicaAction.DiskRead(io, op.Offset, op.Length, ForPeer: op.Kind == RecvKind.PeerRead));
                break;
        }
    }

    void OnRecvOpDone(RecvOp op, ReplicaInput.DiskDone d)
    {
        bool current = _recv.Remove(op);
        op.Done = true;
        if (!current)
            return; // from a connection that is gone
        if (!d.Ok && op.Writes)
            LocalDiskFailed(op.Kind == RecvKind.Write ? "a replicated write failed" : "a resync write failed");
        switch (op.Kind)
        {
            case RecvKind.Write:
                if (!d.Ok)
                    Send(new NegAck(op.Id));
                else if (_s.Protocol == ReplicationProtocol.C)
                    Send(new WriteAck(op.Id));
                break;
            case RecvKind.Resync:
                OnResyncWriteDone(op, d.Ok);
                break;
            case RecvKind.PeerRead:
                Send(new ReadReply(op.Id, d.Ok, d.Ok ? d.Data : ReadOnlyMemory<byte>.Empty));
                break;
            case RecvKind.VerifyRead:
                OnVerifyTargetReadDone(op, d);
                break;
        }
        PumpReceiver();
    }

    /// <summary>The head barrier's epoch is complete when none of its writes are pending; a flush barrier flushes first.</summary>
    bool TryCloseEpoch()
    {
        if (_barrierFlushIo != 0 || !_barriers.TryPeek(out var b) || b.Epoch != _applyEpoch)
            return false;
        foreach (var op in _recv)
            if (op.Kind == RecvKind.Write && op.Epoch == _applyEpoch)
                return false;
        if (b.Flush && LocalDiskUsable)
        {
            _barrierFlushIo = NextIo();
            Emit(new ReplicaAction.DiskFlush(_barrierFlushIo));
            return false;
        }
        FinishEpoch(b);
        return true;
    }

    void OnBarrierFlushDone(bool ok)
    {
        _barrierFlushIo = 0;
        if (!ok)
            LocalDiskFailed("a flush failed");
        if (_barriers.TryPeek(out var b))
            FinishEpoch(b);
        PumpReceiver();
    }

    void FinishEpoch(Barrier b)
    {
        _barriers.Dequeue();
        if (b.Flush)
            Send(new BarrierAck(b.Epoch, _applyEpochWrites));
        _applyEpoch = b.Epoch + 1;
        _applyEpochWrites = 0;
    }
}
