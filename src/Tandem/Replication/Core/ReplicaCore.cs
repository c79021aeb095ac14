using Tandem.Metadata;
using Tandem.Replication.Protocol;
using Tandem.Storage;
using Tandem.Volume;

using Barrier = Tandem.Replication.Protocol.Barrier;

namespace Tandem.Replication.Core;

/// <summary>
/// One volume's replica on one node, as a pure state machine: inputs (application requests, disk
/// completions, packets from the peer, ticks, operator commands) go in one at a time, actions (disk
/// I/O, packets, completions, metadata writes) come out. No sockets, no threads, no clock of its own:
/// the production host and the deterministic simulator drive the very same code. Every role, disk
/// and connection change goes through <see cref="VolumeStateMachine"/>.
/// <para>Partial files by concept: .Primary (application writes, epochs, transfer log), .Secondary
/// (applying the peer's writes in epoch order), .Handshake (state reports, UUID decision, bitmap
/// exchange), .Resync, .Verify, .Commands, .Link (connection lost).</para>
/// </summary>
public sealed partial class ReplicaCore
{
    readonly ReplicaSettings _s;
    readonly Random _random;
    readonly DirtyBitmap _bitmap;
    readonly List<ReplicaAction> _out = [];
    GenerationUuids _uuids;
    MetadataFlags _flags;
    VolumeState _state = VolumeState.Down;
    TimeSpan _now;
    ulong _nextIo = 1;
    bool _splitBrain;
    string? _standAloneReason;

    public ReplicaCore(ReplicaSettings settings, GenerationUuids uuids, MetadataFlags flags, DirtyBitmap bitmap, Random random)
    {
        _s = settings;
        _uuids = uuids;
        _flags = flags;
        _bitmap = bitmap;
        _random = random;
    }

    public VolumeState State => _state;
    public GenerationUuids Uuids => _uuids;
    public MetadataFlags Flags => _flags;
    public long OutOfSyncBytes => _bitmap.DirtyBytes;
    public bool SplitBrain => _splitBrain;
    public ReplicaSettings Settings => _s;

    /// <summary>Why the volume is StandAlone when it has a peer (split brain, refused peer, disconnect), or null.</summary>
    public string? StandAloneReason => _standAloneReason;

    /// <summary>Open the volume: the metadata says whether the data is consistent. Enables the link when there is a peer.</summary>
    public IReadOnlyList<ReplicaAction> Attach(TimeSpan now)
    {
        _now = now;
        var f = _flags;
        Apply(new VolumeInput.Attached(f.HasFlag(MetadataFlags.Consistent), f.HasFlag(MetadataFlags.WasUpToDate), _s.HasPeer,
            _s.HasPeer && f.HasFlag(MetadataFlags.PeerOutdated)), "attached");
        AttachFencing();
        if (_s.HasPeer)
            Emit(new ReplicaAction.Link(true, "attached"));
        return Take();
    }

    /// <summary>Feed one input; returns the actions to carry out (the list is reused by the next call).</summary>
    public IReadOnlyList<ReplicaAction> Handle(ReplicaInput input, TimeSpan now)
    {
        _now = now;
        Dispatch(input);
        UpdateFence();
        ReleaseSuspended();
        return Take();
    }

    void Dispatch(ReplicaInput input)
    {
        switch (input)
        {
            case ReplicaInput.AppWrite w: OnAppWrite(w); break;
            case ReplicaInput.AppRead r: OnAppRead(r); break;
            case ReplicaInput.AppFlush f: OnAppFlush(f); break;
            case ReplicaInput.DiskDone d: OnDiskDone(d); break;
            case ReplicaInput.PeerConnected: OnPeerConnected(); break;
            case ReplicaInput.PeerPacket p: OnPacket(p.Packet); break;
            case ReplicaInput.PeerLost l: OnPeerLost(l.Reason); break;
            case ReplicaInput.Tick: OnTick(); break;
            case ReplicaInput.PeerNode n: OnPeerNode(n.Dead); break;
            case ReplicaInput.OutdateRequest o: OnOutdateRequest(o.Token); break;
            case ReplicaInput.OutdateAnswer a: OnOutdateAnswer(a.Token, a.Result); break;
            default: throw new InvalidOperationException($"unhandled replica input {input.GetType().Name} in {_state}");
        }
    }

    void OnPacket(ReplicationPacket p)
    {
        if (!Established)
            return; // a late packet of a connection already given up
        if (OutOfRange(p) is { } bad)
        {
            // An authenticated peer that names blocks outside the data region is broken or hostile: the
            // range could reach the metadata at the end of the disk. Nothing of it is applied.
            Drop($"the peer sent {p.GetType().Name} for {bad}, outside the {_s.SizeBytes}-byte data region");
            return;
        }
        switch (p)
        {
            case StateReport r: OnStateReport(r); break;
            case BitmapRuns b: OnBitmapRuns(b); break;
            case Write w: OnPeerWrite(w); break;
            case RecvAck a: OnPeerAck(a.Id, received: true); break;
            case WriteAck a: OnPeerAck(a.Id, received: false); break;
            case NegAck n: OnNegAck(n.Id); break;
            case Barrier b: OnBarrier(b); break;
            case BarrierAck b: OnBarrierAck(b); break;
            case ResyncRequest r: OnResyncRequest(r.Id, r.Offset, r.Length, null); break;
            case ChecksumRequest c: OnResyncRequest(c.Id, c.Offset, c.Length, c.Digest.ToArray()); break;
            case ResyncData d: OnResyncData(d); break;
            case ResyncInSync s: OnResyncInSync(s); break;
            case ResyncAck a: OnResyncAck(a); break;
            case ResyncNegReply n: OnResyncNegReply(n); break;
            case VerifyRequest v: OnVerifyRequest(v); break;
            case VerifyReply v: OnVerifyReply(v); break;
            case OutOfSync o: OnOutOfSync(o); break;
            case ReadRequest r: OnPeerReadRequest(r); break;
            case ReadReply r: OnPeerReadReply(r); break;
            case SyncDone d: OnSyncDone(d); break;
            case Goodbye g: OnPeerLost($"the peer closed the connection: {g.Reason}"); break;
            case Ping or PingAck: break;
            default: throw new InvalidOperationException($"unhandled packet {p.GetType().Name} in {_state}");
        }
    }

    void OnDiskDone(ReplicaInput.DiskDone d)
    {
        if (_pendingByIo.Remove(d.Io, out var w)) { OnLocalWriteDone(w, d.Ok); return; }
        if (_readsByIo.Remove(d.Io, out var req)) { OnLocalReadDone(req, d); return; }
        if (_flushesByIo.Remove(d.Io, out var f)) { OnLocalFlushDone(f, d.Ok); return; }
        if (_recvByIo.Remove(d.Io, out var op)) { OnRecvOpDone(op, d); return; }
        if (_sourceReadsByIo.Remove(d.Io, out var sr)) { OnSourceReadDone(sr, d); return; }
        if (_csumReadsByIo.Remove(d.Io, out var cr)) { OnChecksumReadDone(cr, d); return; }
        if (_verifyReadsByIo.Remove(d.Io, out var vr)) { OnVerifyReadDone(vr, d); return; }
        if (d.Io == _barrierFlushIo) { OnBarrierFlushDone(d.Ok); return; }
        if (d.Io == _finishFlushIo) { OnFinishFlushDone(d.Ok); return; }
        if (_orphanIos.Remove(d.Io)) return; // a flush for a connection that is gone
        throw new InvalidOperationException($"completion of unknown disk operation {d.Io}");
    }

    void OnTick()
    {
        RefillResyncTokens();
        MaybeSendFlushBarrier();
        PumpResync();
        PumpVerify();
    }

    /// <summary>The first range a packet names that lies outside the data region, or null.</summary>
    string? OutOfRange(ReplicationPacket p)
    {
        switch (p)
        {
            case Write w: return Range(w.Offset, w.Length) ?? (w.Kind == WriteKind.Data && w.Data.Length != w.Length ? $"{w.Length} bytes with {w.Data.Length} bytes of data" : null);
            case ResyncRequest r: return Range(r.Offset, r.Length);
            case ChecksumRequest c: return Range(c.Offset, c.Length);
            case ResyncData d: return Range(d.Offset, d.Data.Length);
            case ResyncInSync s: return Range(s.Offset, s.Length);
            case ResyncAck a: return Range(a.Offset, a.Length);
            case ResyncNegReply n: return Range(n.Offset, n.Length);
            case VerifyRequest v: return Range(v.Offset, v.Length);
            case VerifyReply v: return Range(v.Offset, v.Length);
            case OutOfSync o: return Range(o.Offset, o.Length);
            case ReadRequest r: return Range(r.Offset, r.Length);
            case BitmapRuns b:
                foreach (var run in b.Runs)
                    if (Range(run.Offset, run.Length) is { } bad)
                        return bad;
                return null;
            default: return null;
        }
    }

    string? Range(long offset, long length) =>
        offset < 0 || length < 0 || offset > _s.SizeBytes - length ? $"{offset}+{length}" : null;

    // ---- helpers shared by the partial files ----

    ulong NextIo() => _nextIo++;

    void Emit(ReplicaAction a) => _out.Add(a);

    void Send(ReplicationPacket p) => _out.Add(new ReplicaAction.Send(p));

    IReadOnlyList<ReplicaAction> Take()
    {
        var list = _out.ToArray();
        _out.Clear();
        return list;
    }

    /// <summary>The one place the volume state changes; refusals come back to the caller.</summary>
    Transition Apply(VolumeInput input, string why)
    {
        var t = VolumeStateMachine.Apply(_state, input, _s.Volume);
        if (t.Refused)
            return t;
        if (t.Changed)
            Emit(new ReplicaAction.StateChanged(_state, t.State, why));
        _state = t.State;
        return t;
    }

    void SetConnection(ConnectionState c, string why) => Apply(new VolumeInput.ConnectionChanged(c), why);

    void SetDisk(DiskState d, string why) => Apply(new VolumeInput.DiskChanged(d), why);

    void Persist() => Emit(new ReplicaAction.PersistMetadata(_uuids, _flags));

    bool LocalDiskUsable => _state.Disk is not (DiskState.Diskless or DiskState.Failed);

    /// <summary>A connection is established (authenticated) — any state from the state report on.</summary>
    bool Established => _state.Connection is not (ConnectionState.StandAlone or ConnectionState.Connecting);

    bool Handshaking => _state.Connection is ConnectionState.WFReportParams or ConnectionState.WFBitMapS or ConnectionState.WFBitMapT;

    /// <summary>Writes go to the peer: established, past the handshake, and the peer has a disk.</summary>
    bool Replicating => Established && !Handshaking && _state.PeerDisk is not (DiskState.Diskless or DiskState.DUnknown or DiskState.Failed);

    /// <summary>A generation UUID: random, never 0 (unset) and never the "just created" marker.</summary>
    ulong NewUuid()
    {
        ulong u;
        do u = ((ulong)_random.NextInt64() << 1) | (uint)_random.Next(2);
        while (u <= GenerationUuids.JustCreated);
        return u;
    }

    /// <summary>The Primary goes on alone after losing the peer: a new data generation, persisted.</summary>
    void NewDataGeneration()
    {
        StartGeneration(wasPrimary: true);
        Persist();
    }

    /// <summary>
    /// This node's data starts a new generation (it is Primary and nobody else receives its writes): the bitmap UUID
    /// remembers where the changes started unless it already does. A new bitmap UUID comes with whether this node was
    /// Primary in the generation it names (<see cref="MetadataFlags.LostPeerAsPrimary"/>, DRBD's bit 0 of UI_BITMAP).
    /// </summary>
    void StartGeneration(bool wasPrimary)
    {
        var u = _uuids;
        if (u.Bitmap == 0)
        {
            _uuids = new GenerationUuids(NewUuid(), u.Current, u.History0, u.History1);
            _flags = wasPrimary ? _flags | MetadataFlags.LostPeerAsPrimary : _flags & ~MetadataFlags.LostPeerAsPrimary;
        }
        else
            _uuids = new GenerationUuids(NewUuid(), u.Bitmap, u.Current, u.History0);
    }

    static bool Overlaps(long aOff, long aLen, long bOff, long bLen) => aOff < bOff + bLen && bOff < aOff + aLen;

    static int Errno(bool ok) => ok ? 0 : Storage.Errno.EIO;
}
