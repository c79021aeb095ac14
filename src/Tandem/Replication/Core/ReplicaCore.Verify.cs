using Tandem.Replication.Protocol;
using Tandem.Volume;

namespace Tandem.Replication.Core;

// Online verify (DRBD's drbdadm verify): VerifyS walks the whole data region, sending digests of its
// blocks; VerifyT compares with its own. Differences are marked out of sync on both sides and counted;
// like DRBD, they are resynced at the next connect (disconnect, connect), the Primary's copy winning.
public sealed partial class ReplicaCore
{
    readonly Dictionary<ulong, (ulong Id, long Offset, int Length)> _verifyReadsByIo = [];
    readonly HashSet<ulong> _verifyInFlight = [];
    readonly HashSet<long> _verifyBadBlocks = [];
    long _verifyCursor;
    long _verifyOutOfSync;
    ulong _nextVerifyId;

    /// <summary>Out-of-sync bytes the last verify found, or null if none ran.</summary>
    public long? LastVerifyOutOfSync { get; private set; }

    void StartVerify()
    {
        _verifyCursor = 0;
        _verifyOutOfSync = 0;
        _verifyBadBlocks.Clear();
        _verifyInFlight.Clear();
        _progress = new SyncProgressTracker(_s.SizeBytes, _now);
        _resyncTokens = TokenCap;
        _tokensAt = _now;
        SetConnection(ConnectionState.VerifyS, "online verify started");
        PumpVerify();
    }

    void PumpVerify()
    {
        if (_state.Connection != ConnectionState.VerifyS)
            return;
        while (_verifyInFlight.Count < _s.ResyncInFlight && _verifyCursor < _s.SizeBytes)
        {
            int len = (int)Math.Min(_s.ResyncChunk, _s.SizeBytes - _verifyCursor);
            if (!TakeTokens(len))
                return;
            ulong id = ++_nextVerifyId, io = NextIo();
            _verifyInFlight.Add(id);
            _verifyReadsByIo[io] = (id, _verifyCursor, len);
            Emit(new ReplicaAction.DiskRead(io, _verifyCursor, len));
            _verifyCursor += len;
        }
        if (_verifyInFlight.Count == 0 && _verifyCursor >= _s.SizeBytes)
        {
            LastVerifyOutOfSync = _verifyOutOfSync;
            Persist();
            Send(new SyncDone(_verifyOutOfSync));
            SetConnection(ConnectionState.Connected, "online verify finished");
            Emit(new ReplicaAction.Notice(VerifyResult(_verifyOutOfSync)));
        }
    }

    string VerifyResult(long oos) => oos == 0
        ? $"{_s.Volume}: verify finished: both copies are identical"
        : $"{_s.Volume}: verify finished: {oos} bytes out of sync; they are resynced after: tandem volume disconnect {_s.Volume}; tandem volume connect {_s.Volume}";

    void OnVerifyReadDone((ulong Id, long Offset, int Length) r, ReplicaInput.DiskDone d)
    {
        if (_state.Connection != ConnectionState.VerifyS || !_verifyInFlight.Contains(r.Id))
            return;
        if (!d.Ok)
        {
            LocalDiskFailed("a verify read failed");
            _verifyInFlight.Remove(r.Id);
            return;
        }
        Send(new VerifyRequest(r.Id, r.Offset, r.Length, BlockDigests.Compute(d.Data.Span)));
    }

    void OnVerifyReply(VerifyReply v)
    {
        // The blocks that differ came before this reply as OutOfSync packets.
        if (_state.Connection != ConnectionState.VerifyS || !_verifyInFlight.Remove(v.Id))
            return;
        _progress?.Add(v.Length, transferred: false, _now);
        PumpVerify();
    }

    void OnVerifyRequest(VerifyRequest v)
    {
        if (_state.Connection == ConnectionState.Connected)
        {
            _progress = new SyncProgressTracker(_s.SizeBytes, _now);
            _verifyOutOfSync = 0;
            _verifyBadBlocks.Clear();
            SetConnection(ConnectionState.VerifyT, "the peer started an online verify");
        }
        if (_state.Connection != ConnectionState.VerifyT)
        {
            Send(new VerifyReply(v.Id, v.Offset, v.Length, false));
            return;
        }
        Enqueue(new RecvOp(RecvKind.VerifyRead, v.Id, v.Offset, v.Length) { Digest = v.Digest.ToArray() });
    }

    void OnVerifyTargetReadDone(RecvOp op, ReplicaInput.DiskDone d)
    {
        int differing = 0;
        if (d.Ok)
        {
            foreach (int i in BlockDigests.Differences(BlockDigests.Compute(d.Data.Span), op.Digest!))
            {
                long offset = op.Offset + (long)i * BlockDigests.Block;
                int length = (int)Math.Min(BlockDigests.Block, op.Offset + op.Length - offset);
                MarkVerifiedOutOfSync(offset, length);
                Send(new OutOfSync(offset, length));
                differing++;
            }
        }
        else
        {
            MarkVerifiedOutOfSync(op.Offset, op.Length);
            Send(new OutOfSync(op.Offset, op.Length));
            differing++;
        }
        _progress?.Add(op.Length, transferred: false, _now);
        Send(new VerifyReply(op.Id, op.Offset, op.Length, differing == 0));
    }

    /// <summary>Counted once per block, however often it is reported.</summary>
    void MarkVerifiedOutOfSync(long offset, int length)
    {
        _bitmap.SetRange(offset, length);
        for (long b = offset / BlockDigests.Block; b * BlockDigests.Block < offset + length; b++)
            if (_verifyBadBlocks.Add(b))
                _verifyOutOfSync += Math.Min(BlockDigests.Block, _s.SizeBytes - b * BlockDigests.Block);
    }

    /// <summary>P_OUT_OF_SYNC: during a verify the target names each block that differs; otherwise the peer marked a range.</summary>
    void OnOutOfSync(OutOfSync o)
    {
        if (_state.Connection == ConnectionState.VerifyS)
            MarkVerifiedOutOfSync(o.Offset, o.Length);
        else
            _bitmap.SetRange(o.Offset, o.Length);
    }

    void EndVerifyTarget(long oos)
    {
        LastVerifyOutOfSync = oos;
        Persist();
        SetConnection(ConnectionState.Connected, "online verify finished");
        Emit(new ReplicaAction.Notice(VerifyResult(oos)));
    }
}
