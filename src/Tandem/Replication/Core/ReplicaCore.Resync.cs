using Tandem.Metadata;
using Tandem.Replication.Protocol;
using Tandem.Volume;

namespace Tandem.Replication.Core;

// Resync, driven by the SyncTarget: it walks its (merged) bitmap, asks for dirty runs (or sends their
// digests with checksum resync) within the rate limit, writes what comes back in order with the
// Primary's writes, and clears bits. The SyncSource reads what is asked, never while an application
// write to that range is under way, and holds new writes to a range until its data has been sent.
public sealed partial class ReplicaCore
{
    readonly Dictionary<ulong, (long Offset, int Length)> _resyncInFlight = [];
    readonly Dictionary<ulong, SourceRead> _sourceReadsByIo = [];
    readonly List<SourceRead> _sourceReading = [];
    readonly List<SourceRead> _sourceParked = [];
    readonly Dictionary<ulong, (ulong Id, long Offset, int Length)> _csumReadsByIo = [];
    SyncProgressTracker? _progress;
    long _resyncCursor;
    ulong _nextResyncId;
    double _resyncTokens;
    TimeSpan _tokensAt;
    ulong _finishFlushIo;

    sealed record SourceRead(ulong Id, long Offset, int Length, byte[]? Digest);

    public SyncProgress? Progress()
    {
        if (_progress is null || _state.Connection is not (ConnectionState.SyncSource or ConnectionState.SyncTarget
                or ConnectionState.VerifyS or ConnectionState.VerifyT))
            return null;
        return new SyncProgress(_progress.Percent, _progress.SpeedBytesPerS(_now), _progress.EtaS(_now));
    }

    /// <summary>Bytes that travelled during the last (or current) resync; a test hook for "only the dirty blocks".</summary>
    public long LastResyncTransferredBytes => _progress?.TransferredBytes ?? 0;

    void StartSync()
    {
        bool target = _state.Connection == ConnectionState.WFBitMapT;
        _progress = new SyncProgressTracker(_bitmap.DirtyBytes, _now);
        _resyncCursor = 0;
        _resyncTokens = TokenCap;
        _tokensAt = _now;
        if (target)
        {
            _flags &= ~MetadataFlags.Consistent;
            Persist(); // the merged bitmap and "not consistent" are on disk before any block changes
            SetDisk(DiskState.Inconsistent, "resync target");
            SetConnection(ConnectionState.SyncTarget, $"resync of {_bitmap.DirtyBytes} bytes from the peer");
            SendStateReport();
            PumpResync();
        }
        else
        {
            Persist();
            SetConnection(ConnectionState.SyncSource, $"resync of {_bitmap.DirtyBytes} bytes to the peer");
            Apply(new VolumeInput.PeerChanged(_state.PeerRole, DiskState.Inconsistent), "the peer is the resync target");
        }
        Emit(new ReplicaAction.Notice($"{_s.Volume}: resync started as {_state.Connection}: {_bitmap.DirtyBytes} bytes out of sync"));
    }

    double TokenCap => _s.ResyncRate is long r ? Math.Max(r / 10.0, _s.ResyncChunk) : double.MaxValue;

    void RefillResyncTokens()
    {
        if (_s.ResyncRate is not long rate)
            return;
        double seconds = (_now - _tokensAt).TotalSeconds;
        _tokensAt = _now;
        _resyncTokens = Math.Min(TokenCap, _resyncTokens + rate * seconds);
    }

    bool TakeTokens(int bytes)
    {
        if (_s.ResyncRate is null)
            return true;
        if (_resyncTokens < bytes)
            return false;
        _resyncTokens -= bytes;
        return true;
    }

    void PumpResync()
    {
        if (_state.Connection != ConnectionState.SyncTarget || _finishFlushIo != 0)
            return;
        while (_resyncInFlight.Count < _s.ResyncInFlight)
        {
            var run = _bitmap.EnumerateDirtyRuns(_resyncCursor, _s.ResyncChunk).FirstOrDefault();
            if (run.Length == 0)
            {
                if (_resyncInFlight.Count > 0)
                    return;
                if (_bitmap.DirtyBlocks == 0)
                {
                    FinishSyncTarget();
                    return;
                }
                _resyncCursor = 0; // bits left behind the cursor (a failed range): another pass
                continue;
            }
            int len = (int)run.Length;
            if (!TakeTokens(len))
                return;
            _resyncCursor = run.End;
            ulong id = ++_nextResyncId;
            _resyncInFlight[id] = (run.Offset, len);
            if (_s.ChecksumResync)
            {
                ulong io = NextIo();
                _csumReadsByIo[io] = (id, run.Offset, len);
                Emit(new ReplicaAction.DiskRead(io, run.Offset, len));
            }
            else
            {
                Send(new ResyncRequest(id, run.Offset, len));
            }
        }
    }

    void OnChecksumReadDone((ulong Id, long Offset, int Length) r, ReplicaInput.DiskDone d)
    {
        if (!_resyncInFlight.ContainsKey(r.Id))
            return;
        if (d.Ok)
            Send(new ChecksumRequest(r.Id, r.Offset, r.Length, BlockDigests.Compute(d.Data.Span)));
        else
            Send(new ResyncRequest(r.Id, r.Offset, r.Length)); // cannot read our copy: just ask for the data
    }

    void OnResyncData(ResyncData d)
    {
        if (_state.Connection != ConnectionState.SyncTarget || !_resyncInFlight.TryGetValue(d.Id, out var r)
            || r.Offset != d.Offset || r.Length != d.Data.Length)
        {
            Drop("the peer sent resync data that was not asked for");
            return;
        }
        Enqueue(new RecvOp(RecvKind.Resync, d.Id, d.Offset, d.Data.Length) { Data = d.Data });
    }

    void OnResyncWriteDone(RecvOp op, bool ok)
    {
        if (!_resyncInFlight.Remove(op.Id))
            return;
        if (ok)
        {
            _bitmap.ClearRange(op.Offset, op.Length);
            _progress?.Add(op.Length, transferred: true, _now);
        }
        Send(new ResyncAck(op.Id, op.Offset, ok ? op.Length : 0));
        PumpResync();
    }

    void OnResyncInSync(ResyncInSync s)
    {
        if (!_resyncInFlight.Remove(s.Id, out var r))
            return;
        _bitmap.ClearRange(r.Offset, r.Length);
        _progress?.Add(r.Length, transferred: false, _now);
        Send(new ResyncAck(s.Id, r.Offset, r.Length));
        PumpResync();
    }

    void OnResyncNegReply(ResyncNegReply n)
    {
        _resyncInFlight.Remove(n.Id);
        Drop($"the peer could not read {n.Length} bytes at {n.Offset} for the resync");
    }

    void FinishSyncTarget()
    {
        _finishFlushIo = NextIo();
        Emit(new ReplicaAction.DiskFlush(_finishFlushIo));
    }

    void OnFinishFlushDone(bool ok)
    {
        _finishFlushIo = 0;
        if (_state.Connection != ConnectionState.SyncTarget)
            return;
        if (!ok)
        {
            LocalDiskFailed("a flush at the end of the resync failed");
            return;
        }
        // Every block is now the source's: adopt its generation.
        var p = _peerReport!;
        _uuids = new GenerationUuids(p.CurrentUuid, 0, _uuids.Current == p.CurrentUuid ? _uuids.History0 : _uuids.Current, _uuids.History0);
        _flags = (_flags | MetadataFlags.Consistent | MetadataFlags.WasUpToDate)
            & ~(MetadataFlags.CrashedPrimary | MetadataFlags.FullSync | MetadataFlags.LostPeerAsPrimary);
        Persist();
        SetDisk(DiskState.UpToDate, "resync finished");
        SetConnection(ConnectionState.Connected, "resync finished");
        Send(new SyncDone(0));
        SendStateReport();
        Emit(new ReplicaAction.Notice($"{_s.Volume}: resync finished: {_progress?.TransferredBytes ?? 0} bytes received in {(_now - (_progress?.StartedAt ?? _now)).TotalSeconds:0.0} s"));
    }

    // ---- the SyncSource side ----

    void OnResyncRequest(ulong id, long offset, int length, byte[]? digest)
    {
        if (_state.Connection != ConnectionState.SyncSource || !LocalDiskUsable)
        {
            Send(new ResyncNegReply(id, offset, length));
            return;
        }
        var r = new SourceRead(id, offset, length, digest);
        if (_localInflight.Exists(w => Overlaps(w.Offset, w.Length, offset, length)))
            _sourceParked.Add(r); // read after the application's write to this range has landed
        else
            StartSourceRead(r);
    }

    void StartSourceRead(SourceRead r)
    {
        ulong io = NextIo();
        _sourceReadsByIo[io] = r;
        _sourceReading.Add(r);
        Emit(new ReplicaAction.DiskRead(io, r.Offset, r.Length, ForPeer: r.Digest is null));
    }

    void RetryParkedResyncRequests()
    {
        for (int i = 0; i < _sourceParked.Count; i++)
        {
            var r = _sourceParked[i];
            if (_localInflight.Exists(w => Overlaps(w.Offset, w.Length, r.Offset, r.Length)))
                continue;
            _sourceParked.RemoveAt(i--);
            StartSourceRead(r);
        }
    }

    bool OverlapsResyncRead(long offset, long length) =>
        _sourceReading.Exists(r => Overlaps(r.Offset, r.Length, offset, length));

    void OnSourceReadDone(SourceRead r, ReplicaInput.DiskDone d)
    {
        _sourceReading.Remove(r);
        if (_state.Connection == ConnectionState.SyncSource)
        {
            if (!d.Ok)
            {
                LocalDiskFailed("a resync read failed");
                Send(new ResyncNegReply(r.Id, r.Offset, r.Length));
            }
            else if (r.Digest is not null && !BlockDigests.Differences(BlockDigests.Compute(d.Data.Span), r.Digest).Any())
            {
                Send(new ResyncInSync(r.Id, r.Offset, r.Length));
            }
            else
            {
                Send(new ResyncData(r.Id, r.Offset, d.Data));
            }
        }
        ReleaseParked();
    }

    void OnResyncAck(ResyncAck a)
    {
        if (_state.Connection != ConnectionState.SyncSource)
            return;
        _bitmap.ClearRange(a.Offset, a.Length);
        _progress?.Add(a.Length, transferred: true, _now);
    }

    void OnSyncDone(SyncDone d)
    {
        switch (_state.Connection)
        {
            case ConnectionState.SyncSource:
                _uuids = new GenerationUuids(_uuids.Current, 0, _uuids.Bitmap != 0 ? _uuids.Bitmap : _uuids.History0,
                    _uuids.Bitmap != 0 ? _uuids.History0 : _uuids.History1);
                _bitmap.ClearAll();
                _flags &= ~(MetadataFlags.CrashedPrimary | MetadataFlags.LostPeerAsPrimary);
                Persist();
                SetConnection(ConnectionState.Connected, "the peer finished its resync");
                Emit(new ReplicaAction.Notice($"{_s.Volume}: resync finished: the peer is UpToDate"));
                break;
            case ConnectionState.VerifyT:
                EndVerifyTarget(d.OutOfSyncBytes);
                break;
            default:
                Drop($"the peer finished a sync this node was not part of ({_state.Connection})");
                break;
        }
    }
}
